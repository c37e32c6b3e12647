using DigiHelsestasjon.BuildingBlocks.Security;
using DigiHelsestasjon.HealthRecords.Features;
using DigiHelsestasjon.HealthRecords.Features.ListHealthRecords;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace DigiHelsestasjon.HealthRecords;

/// <summary>The module's route groups and what they require; each use case maps its own endpoint in its folder.</summary>
internal static class HealthRecordsEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        // Health data: the highest level of assurance, and the subject-access gate (which writes the access log).
        var subject = endpoints.MapGroup("/api/v1/subjects/{subjectId:guid}").WithTags("HealthRecords")
            .RequireAuthorization(PlatformPolicies.Citizen).RequireAssurance(AssuranceLevels.High);
        ListHealthRecordsEndpoints.Map(subject);
    }
}
