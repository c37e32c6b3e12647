namespace DigiHelsestasjon.Directory.Features.GetMunicipalityPolicies;

using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Directory.Features.Units;

internal sealed class GetPoliciesHandler(DirectoryDbContext db, UnitCache cache) : IRequestHandler<GetMunicipalityPolicies, MunicipalityPolicies?>
{
    public async Task<MunicipalityPolicies?> Handle(GetMunicipalityPolicies request, CancellationToken cancellationToken)
    {
        if (cache.TryGetPolicies(request.Kommunenummer, out var cached))
        {
            return cached;
        }

        var policies = (await db.Municipalities.AsNoTracking().FirstOrDefaultAsync(m => m.Kommunenummer == request.Kommunenummer, cancellationToken))?.ReadPolicies();
        if (policies is not null)
        {
            cache.SetPolicies(request.Kommunenummer, policies);
        }

        return policies;
    }
}
