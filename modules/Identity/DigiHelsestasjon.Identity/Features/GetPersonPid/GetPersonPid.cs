using DigiHelsestasjon.BuildingBlocks.Contracts;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.Identity.Contracts;
using DigiHelsestasjon.Identity.Domain;
using DigiHelsestasjon.Identity.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace DigiHelsestasjon.Identity.Features;

internal sealed class GetPersonPidHandler(IdentityDbContext db) : IRequestHandler<GetPersonPid, string?>
{
    public async Task<string?> Handle(GetPersonPid request, CancellationToken cancellationToken) =>
        await db.Persons.AsNoTracking().Where(p => p.Id == request.PersonId).Select(p => p.Pid).FirstOrDefaultAsync(cancellationToken);
}
