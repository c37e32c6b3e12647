namespace DigiHelsestasjon.Directory.Features.GetMunicipalityPolicies;

using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Directory.Features.Units;

internal sealed class GetPoliciesHandler(DirectoryDbContext db, UnitCache cache) : IRequestHandler<GetMunicipalityPolicies, MunicipalityPolicies?>
{
    public Task<MunicipalityPolicies?> Handle(GetMunicipalityPolicies request, CancellationToken cancellationToken) =>
        MunicipalityPolicyReader.ReadAsync(db, cache, request.Kommunenummer, cancellationToken);
}

/// <summary>A municipality's policies, from the cache or the database (then cached).</summary>
internal static class MunicipalityPolicyReader
{
    public static async Task<MunicipalityPolicies?> ReadAsync(DirectoryDbContext db, UnitCache cache, string kommunenummer, CancellationToken cancellationToken)
    {
        if (cache.TryGetPolicies(kommunenummer, out var cached))
        {
            return cached;
        }

        var policies = (await db.Municipalities.AsNoTracking().FirstOrDefaultAsync(m => m.Kommunenummer == kommunenummer, cancellationToken))?.ReadPolicies();
        if (policies is not null)
        {
            cache.SetPolicies(kommunenummer, policies);
        }

        return policies;
    }
}
