namespace DigiHelsestasjon.Directory.Features.ListMunicipalities;

/// <summary>A municipality as anyone may know it: its number and name (what a young person picks before chatting).</summary>
public sealed record PublicMunicipality(string Kommunenummer, string Name);

internal sealed record ListMunicipalities : IQuery<IReadOnlyList<PublicMunicipality>>;

internal sealed class ListMunicipalitiesHandler(DirectoryDbContext db) : IRequestHandler<ListMunicipalities, IReadOnlyList<PublicMunicipality>>
{
    public async Task<IReadOnlyList<PublicMunicipality>> Handle(ListMunicipalities request, CancellationToken cancellationToken) =>
        (await db.Municipalities.AsNoTracking().Select(m => new PublicMunicipality(m.Kommunenummer, m.Name)).ToListAsync(cancellationToken))
            .OrderBy(m => m.Name, StringComparer.Create(new System.Globalization.CultureInfo("nb-NO"), false))
            .ToList();
}
