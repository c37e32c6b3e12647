namespace DigiHelsestasjon.Directory.Features.Units;

using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Directory.Features.GetMunicipalityPolicies;

/// <summary>Units and a municipality's policies change seldom and are read on every appointment list: <see cref="GetUnit"/>
/// and <see cref="GetMunicipalityPolicies"/> answer from memory for a short while. A change made in this process shows at
/// once, in other instances within <see cref="CacheFor"/>.</summary>
internal sealed class UnitCache(IMemoryCache cache)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public bool TryGet(Guid unitId, out UnitInfo? unit) => cache.TryGetValue(Key(unitId), out unit);

    public void Set(UnitInfo unit) => cache.Set(Key(unit.UnitId), unit, CacheFor);

    public void Forget(Guid unitId) => cache.Remove(Key(unitId));

    public bool TryGetPolicies(string kommunenummer, out MunicipalityPolicies? policies) => cache.TryGetValue(PoliciesKey(kommunenummer), out policies);

    public void SetPolicies(string kommunenummer, MunicipalityPolicies policies) => cache.Set(PoliciesKey(kommunenummer), policies, CacheFor);

    public void ForgetPolicies(string kommunenummer) => cache.Remove(PoliciesKey(kommunenummer));

    private static string Key(Guid unitId) => $"directory:unit:{unitId}";

    private static string PoliciesKey(string kommunenummer) => $"directory:policies:{kommunenummer}";
}

internal sealed class UnitQueries(DirectoryDbContext db, UnitCache cache) :
    IRequestHandler<GetUnit, UnitInfo?>,
    IRequestHandler<GetUnits, IReadOnlyDictionary<Guid, UnitInfo>>,
    IRequestHandler<GetUnitsAndPolicies, UnitsAndPolicies>,
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

    public async Task<UnitsAndPolicies> Handle(GetUnitsAndPolicies request, CancellationToken cancellationToken)
    {
        var units = await Handle(new GetUnits(request.UnitIds), cancellationToken);
        var policies = new Dictionary<string, MunicipalityPolicies>(StringComparer.Ordinal);
        foreach (var kommunenummer in units.Values.Select(u => u.Kommunenummer).Distinct())
        {
            if (await MunicipalityPolicyReader.ReadAsync(db, cache, kommunenummer, cancellationToken) is { } found)
            {
                policies[kommunenummer] = found;
            }
        }

        return new UnitsAndPolicies(units, policies);
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
