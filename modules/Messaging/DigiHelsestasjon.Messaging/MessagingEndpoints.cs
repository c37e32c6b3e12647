using DigiHelsestasjon.BuildingBlocks.Security;
using DigiHelsestasjon.Messaging.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DigiHelsestasjon.Messaging;

/// <summary>The module's route groups and what they require; each use case maps its own endpoint in its folder.</summary>
internal static class MessagingEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints, MessagingOptions options)
    {
        var threads = endpoints.MapGroup("/api/v1/subjects/{subjectId:guid}/threads").WithTags("Messaging")
            .RequireAuthorization(PlatformPolicies.Citizen).RequireAssurance(AssuranceLevels.High);
        ListThreadsEndpoint.Map(threads);
        StartThreadEndpoint.Map(threads);
        GetThreadEndpoint.Map(threads);
        SendMessageEndpoint.Map(threads);
        UploadAttachmentEndpoint.Map(threads, options.MaxAttachmentBytes);
        DownloadAttachmentEndpoint.Map(threads);
    }
}
