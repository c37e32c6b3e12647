using DigiHelsestasjon.Directory.Persistence.Entities;

namespace DigiHelsestasjon.Directory.Features.ProvisionMunicipality;

using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Directory.Features.Units;

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
                unit = new Persistence.Entities.Unit { Id = given.UnitId };
                db.Units.Add(unit);
            }

            unit.Kommunenummer = request.Kommunenummer;
            unit.Name = given.Name;
            unit.Type = given.Type;
            unit.HerId = given.HerId;
            unit.Address = given.Address;
            unit.OpeningHours = given.OpeningHours;
            unit.Phone = given.Phone;
            unit.ChatOpeningHours = given.ChatOpeningHours is null ? null : System.Text.Json.JsonSerializer.Serialize(given.ChatOpeningHours, System.Text.Json.JsonSerializerOptions.Web);
            unit.Connect(given.Epj);
            db.SavedChanges += (_, _) => cache.Forget(unit.Id);
        }

        return created;
    }
}
