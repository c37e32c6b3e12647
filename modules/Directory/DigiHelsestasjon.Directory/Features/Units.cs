using DigiHelsestasjon.BuildingBlocks.Contracts;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Directory.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace DigiHelsestasjon.Directory.Features;

/// <summary>The public unit directory: what a citizen may know about a unit (no EPJ connection).</summary>
public sealed record PublicUnit(Guid UnitId, string Name, string Type, string HerId, string Address, string OpeningHours);

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
            .OrderBy(u => u.Type).ThenBy(u => u.Name)
            .Select(u => new PublicUnit(u.Id, u.Name, u.Type, u.HerId, u.Address, u.OpeningHours))
            .ToListAsync(cancellationToken);
}

/// <summary>Units change seldom and are read on every appointment list: <see cref="GetUnit"/> answers from
/// memory for a short while. A change made in this process shows at once, in other instances within <see cref="CacheFor"/>.</summary>
internal sealed class UnitCache(IMemoryCache cache)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public bool TryGet(Guid unitId, out UnitInfo? unit) => cache.TryGetValue(Key(unitId), out unit);

    public void Set(UnitInfo unit) => cache.Set(Key(unit.UnitId), unit, CacheFor);

    public void Forget(Guid unitId) => cache.Remove(Key(unitId));

    private static string Key(Guid unitId) => $"directory:unit:{unitId}";
}

internal sealed class UnitQueries(DirectoryDbContext db, UnitCache cache) :
    IRequestHandler<GetUnit, UnitInfo?>,
    IRequestHandler<GetUnits, IReadOnlyDictionary<Guid, UnitInfo>>,
    IRequestHandler<FindUnitByHerId, UnitInfo?>,
    IRequestHandler<GetMunicipalityUnits, IReadOnlyList<UnitInfo>>,
    IRequestHandler<GetMunicipalitiesOfUnits, IReadOnlyList<string>>
{
    public async Task<UnitInfo?> Handle(GetUnit request, CancellationToken cancellationToken)
    {
        if (cache.TryGet(request.UnitId, out var cached))
        {
            return cached;
        }

        var unit = (await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == request.UnitId, cancellationToken))?.ToInfo();
        if (unit is not null)
        {
            cache.Set(unit);
        }

        return unit;
    }

    public async Task<IReadOnlyDictionary<Guid, UnitInfo>> Handle(GetUnits request, CancellationToken cancellationToken)
    {
        var units = new Dictionary<Guid, UnitInfo>();
        var missing = new List<Guid>();
        foreach (var unitId in request.UnitIds.Distinct())
        {
            if (cache.TryGet(unitId, out var cached) && cached is not null)
            {
                units[unitId] = cached;
            }
            else
            {
                missing.Add(unitId);
            }
        }

        if (missing.Count > 0)
        {
            foreach (var unit in await db.Units.AsNoTracking().Where(u => missing.Contains(u.Id)).ToListAsync(cancellationToken))
            {
                units[unit.Id] = unit.ToInfo();
                cache.Set(units[unit.Id]);
            }
        }

        return units;
    }

    public async Task<UnitInfo?> Handle(FindUnitByHerId request, CancellationToken cancellationToken) =>
        (await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.HerId == request.HerId, cancellationToken))?.ToInfo();

    public async Task<IReadOnlyList<UnitInfo>> Handle(GetMunicipalityUnits request, CancellationToken cancellationToken) =>
        (await db.Units.AsNoTracking().Where(u => u.Kommunenummer == request.Kommunenummer).OrderBy(u => u.Name).ToListAsync(cancellationToken))
            .Select(u => u.ToInfo()).ToList();

    public async Task<IReadOnlyList<string>> Handle(GetMunicipalitiesOfUnits request, CancellationToken cancellationToken) =>
        await db.Units.AsNoTracking().Where(u => request.UnitIds.Contains(u.Id)).Select(u => u.Kommunenummer).Distinct().ToListAsync(cancellationToken);
}

internal sealed class ProvisionMunicipalityHandler(DirectoryDbContext db, UnitCache cache, TimeProvider time) : IRequestHandler<ProvisionMunicipality, bool>
{
    public async Task<bool> Handle(ProvisionMunicipality request, CancellationToken cancellationToken)
    {
        var municipality = await db.Municipalities.FindAsync([request.Kommunenummer], cancellationToken);
        var created = municipality is null;
        if (municipality is null)
        {
            municipality = new Municipality { Kommunenummer = request.Kommunenummer };
            municipality.WritePolicies(request.Policies ?? MunicipalityPolicies.Default);
            db.Municipalities.Add(municipality);
        }

        municipality.Name = request.Name;
        municipality.UpdatedAt = time.GetUtcNow().UtcDateTime;
        var ids = request.Units.Select(u => u.UnitId).ToList();
        var existing = await db.Units.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
        foreach (var given in request.Units)
        {
            if (!existing.TryGetValue(given.UnitId, out var unit))
            {
                unit = new Persistence.Unit { Id = given.UnitId };
                db.Units.Add(unit);
            }

            unit.Kommunenummer = request.Kommunenummer;
            unit.Name = given.Name;
            unit.Type = given.Type;
            unit.HerId = given.HerId;
            unit.Address = given.Address;
            unit.OpeningHours = given.OpeningHours;
            unit.EpjVendor = given.Epj?.Vendor;
            unit.EpjTransport = given.Epj?.Transport;
            unit.EpjEndpoint = given.Epj?.Endpoint;
            unit.EpjInstallationId = given.Epj?.InstallationId;
            db.SavedChanges += (_, _) => cache.Forget(unit.Id);
        }

        return created;
    }
}
