namespace DigiHelsestasjon.Identity.Features.GetPersonPid;

using DigiHelsestasjon.Identity.Contracts;

internal sealed class GetPersonPidHandler(IdentityDbContext db) : IRequestHandler<GetPersonPid, string?>
{
    public async Task<string?> Handle(GetPersonPid request, CancellationToken cancellationToken) =>
        await db.Persons.AsNoTracking().Where(p => p.Id == request.PersonId).Select(p => p.Pid).FirstOrDefaultAsync(cancellationToken);
}

internal sealed class GetPersonNameHandler(IdentityDbContext db) : IRequestHandler<GetPersonName, string?>
{
    public async Task<string?> Handle(GetPersonName request, CancellationToken cancellationToken) =>
        await db.Persons.AsNoTracking().Where(p => p.Id == request.PersonId).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken);
}
