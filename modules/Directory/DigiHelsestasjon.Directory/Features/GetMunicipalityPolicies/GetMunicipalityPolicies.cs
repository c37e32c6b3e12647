namespace DigiHelsestasjon.Directory.Features;

internal sealed class GetPoliciesHandler(DirectoryDbContext db) : IRequestHandler<GetMunicipalityPolicies, MunicipalityPolicies?>
{
    public async Task<MunicipalityPolicies?> Handle(GetMunicipalityPolicies request, CancellationToken cancellationToken) =>
        (await db.Municipalities.AsNoTracking().FirstOrDefaultAsync(m => m.Kommunenummer == request.Kommunenummer, cancellationToken))?.ReadPolicies();
}
