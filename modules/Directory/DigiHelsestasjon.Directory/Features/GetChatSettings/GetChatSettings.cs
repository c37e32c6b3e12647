using System.Text.Json;
using DigiHelsestasjon.Directory.Persistence.Entities;

namespace DigiHelsestasjon.Directory.Features.GetChatSettings;

/// <summary>The youth chat's view of a unit: the unit's own chat hours if it has them, the municipality's otherwise.</summary>
internal sealed class GetChatSettingsHandler(DirectoryDbContext db) :
    IRequestHandler<GetUnitChatSettings, UnitChatSettings?>,
    IRequestHandler<GetMunicipalityChatSettings, IReadOnlyList<UnitChatSettings>>
{
    private static readonly string[] ChatUnitTypes = [UnitTypes.SchoolHealth, UnitTypes.YouthClinic];

    public async Task<UnitChatSettings?> Handle(GetUnitChatSettings request, CancellationToken cancellationToken)
    {
        var unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == request.UnitId, cancellationToken);
        if (unit is null)
        {
            return null;
        }

        var municipality = await db.Municipalities.AsNoTracking().FirstOrDefaultAsync(m => m.Kommunenummer == unit.Kommunenummer, cancellationToken);
        return Settings(unit, municipality?.ReadPolicies() ?? MunicipalityPolicies.Default);
    }

    public async Task<IReadOnlyList<UnitChatSettings>> Handle(GetMunicipalityChatSettings request, CancellationToken cancellationToken)
    {
        var municipality = await db.Municipalities.AsNoTracking().FirstOrDefaultAsync(m => m.Kommunenummer == request.Kommunenummer, cancellationToken);
        if (municipality is null)
        {
            return [];
        }

        var units = await db.Units.AsNoTracking().Where(u => u.Kommunenummer == request.Kommunenummer && ChatUnitTypes.Contains(u.Type))
            .OrderBy(u => u.Name).ToListAsync(cancellationToken);
        var policies = municipality.ReadPolicies();
        return units.Select(u => Settings(u, policies)).ToList();
    }

    private static UnitChatSettings Settings(Persistence.Entities.Unit unit, MunicipalityPolicies policies) => new(
        unit.Id, unit.Kommunenummer, unit.Name, unit.Type,
        Enabled: ChatUnitTypes.Contains(unit.Type) && policies.EnabledModules.Contains("YouthChat"),
        unit.ChatOpeningHours is { } own ? JsonSerializer.Deserialize<List<OpeningHours>>(own, JsonSerializerOptions.Web) ?? [] : policies.ChatOpeningHours,
        policies.ChatRetentionHours, unit.Phone);
}
