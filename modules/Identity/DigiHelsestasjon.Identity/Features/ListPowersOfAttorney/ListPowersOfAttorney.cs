namespace DigiHelsestasjon.Identity.Features.ListPowersOfAttorney;

using DigiHelsestasjon.Identity.Features.PowersOfAttorney;

internal sealed record ListPowersOfAttorney(string Pid) : IQuery<IReadOnlyList<PowerOfAttorneyResponse>>;

internal sealed class ListPowersOfAttorneyHandler(IdentityDbContext db, TimeProvider time)
    : IRequestHandler<ListPowersOfAttorney, IReadOnlyList<PowerOfAttorneyResponse>>
{
    public async Task<IReadOnlyList<PowerOfAttorneyResponse>> Handle(ListPowersOfAttorney request, CancellationToken cancellationToken)
    {
        var me = await db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.Pid == request.Pid, cancellationToken);
        if (me is null)
        {
            return [];
        }

        var rows = await db.PowersOfAttorney.AsNoTracking().Where(f => f.GiverId == me.Id || f.ReceiverId == me.Id).ToListAsync(cancellationToken);
        var ids = rows.SelectMany(f => new[] { f.GiverId, f.ReceiverId }).Distinct().ToList();
        var people = await db.Persons.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        return rows.OrderByDescending(f => f.GrantedAt)
            .Select(f => PowerOfAttorneyMapping.ToResponse(f, people[f.GiverId], people[f.ReceiverId], me.Id, now))
            .ToList();
    }
}
