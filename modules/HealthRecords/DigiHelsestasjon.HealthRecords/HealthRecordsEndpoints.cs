using DigiHelsestasjon.BuildingBlocks.Security;
using DigiHelsestasjon.HealthRecords.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace DigiHelsestasjon.HealthRecords;

/// <summary>The module's route groups and what they require; each use case maps its own endpoint in its folder.</summary>
internal static class HealthRecordsEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        // A municipality's own data: its administrators only (another municipality's admin gets 404).
        var municipality = endpoints.MapGroup("/api/v1/admin/municipalities/{kommunenummer}/healthrecords").WithTags("HealthRecords")
            .RequireAuthorization(PlatformPolicies.Admin).RequireMunicipalityAdmin();
        AddNoteEndpoint.Map(municipality);
        ListNotesEndpoint.Map(municipality);
    }
}
