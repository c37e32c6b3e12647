using DigiHelsestasjon.BuildingBlocks.Security;
using DigiHelsestasjon.ModuleName.Features;
using DigiHelsestasjon.ModuleName.Features.AddNote;
using DigiHelsestasjon.ModuleName.Features.ListNotes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace DigiHelsestasjon.ModuleName;

/// <summary>The module's route groups and what they require; each use case maps its own endpoint in its folder.</summary>
internal static class ModuleNameEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        // A municipality's own data: its administrators only (another municipality's admin gets 404).
        var municipality = endpoints.MapGroup("/api/v1/admin/municipalities/{kommunenummer}/modulename").WithTags("ModuleName")
            .RequireAuthorization(PlatformPolicies.Admin).RequireMunicipalityAdmin();
        AddNoteEndpoint.Map(municipality);
        ListNotesEndpoint.Map(municipality);
    }
}
