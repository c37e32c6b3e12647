using DigiHelsestasjon.BuildingBlocks.Security;
using DigiHelsestasjon.Messaging.Features;
using DigiHelsestasjon.Messaging.Features.DownloadAttachment;
using DigiHelsestasjon.Messaging.Features.GetThread;
using DigiHelsestasjon.Messaging.Features.GetUnreadCounts;
using DigiHelsestasjon.Messaging.Features.ListThreads;
using DigiHelsestasjon.Messaging.Features.SendMessage;
using DigiHelsestasjon.Messaging.Features.StartThread;
using DigiHelsestasjon.Messaging.Features.UploadAttachment;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DigiHelsestasjon.Messaging;

/// <summary>The module's route groups and what they require; each use case maps its own endpoint in its folder.</summary>
internal static class MessagingEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints, MessagingOptions options)
    {
        // A young person's own threads with the school health service and HFU may be reached with Feide or ID-porten's
        // substantial level (DOMAIN.md, Identity); the access decision then narrows to those threads only.
        var threads = endpoints.MapGroup("/api/v1/subjects/{subjectId:guid}/threads").WithTags("Messaging")
            .RequireAuthorization(PlatformPolicies.Citizen).RequireAssurance(AssuranceLevels.High, AssuranceLevels.Substantial, AssuranceLevels.Feide);
        ListThreadsEndpoint.Map(threads);
        StartThreadEndpoint.Map(threads);
        StartThreadEndpoint.MapWithAttachments(threads, options.MaxAttachmentBytes);
        GetThreadEndpoint.Map(threads);
        SendMessageEndpoint.Map(threads);
        UploadAttachmentEndpoint.Map(threads, options.MaxAttachmentBytes);
        DownloadAttachmentEndpoint.Map(threads);

        // The person chooser's unread counts: one call for everyone the caller may act for, one access-log row per person.
        var messaging = endpoints.MapGroup("/api/v1/messaging").WithTags("Messaging")
            .RequireAuthorization(PlatformPolicies.Citizen).RequireAssurance(AssuranceLevels.High, AssuranceLevels.Substantial, AssuranceLevels.Feide);
        GetUnreadCountsEndpoint.Map(messaging);
    }
}
