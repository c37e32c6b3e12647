using DigiHelsestasjon.Directory.Persistence.Entities;

namespace DigiHelsestasjon.Directory.Features.ListPublicUnits;

/// <summary>The public unit directory: what a citizen may know about a unit (no EPJ connection).</summary>
/// <param name="Phone">Null when the unit has given none.</param>
public sealed record PublicUnit(Guid UnitId, string Name, string Type, string HerId, string Address, string OpeningHours, string? Phone);

internal sealed record ListPublicUnits(string Municipality) : IQuery<IReadOnlyList<PublicUnit>>;

internal sealed class ListPublicUnitsValidator : IValidator<ListPublicUnits>
{
    public IEnumerable<ValidationFailure> Validate(ListPublicUnits request)
    {
        if (request.Municipality is not { Length: 4 } number || !number.All(char.IsAsciiDigit))
        {
            yield return new ValidationFailure("municipality", "A kommunenummer: four digits, for example 9901.");
        }
    }
}

internal sealed class ListPublicUnitsHandler(DirectoryDbContext db) : IRequestHandler<ListPublicUnits, IReadOnlyList<PublicUnit>>
{
    public async Task<IReadOnlyList<PublicUnit>> Handle(ListPublicUnits request, CancellationToken cancellationToken) =>
        await db.Units.AsNoTracking()
            .Where(u => u.Kommunenummer == request.Municipality)

            // A unit whose journal is still the vendor's test environment is not offered to citizens until it is promoted:
            // what they sent it would land in a test journal (no connection at all is production's default).
            .Where(u => u.EpjEnvironment != EpjEnvironments.Test)
            .OrderBy(u => u.Type).ThenBy(u => u.Name)
            .Select(u => new PublicUnit(u.Id, u.Name, u.Type, u.HerId, u.Address, u.OpeningHours, u.Phone))
            .ToListAsync(cancellationToken);
}
