using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.BuildingBlocks.Security;
using DigiHelsestasjon.YouthChat.Features;
using DigiHelsestasjon.YouthChat.Features.ClaimConversation;
using DigiHelsestasjon.YouthChat.Features.ClearQueue;
using DigiHelsestasjon.YouthChat.Features.EndConversation;
using DigiHelsestasjon.YouthChat.Features.HandOver;
using DigiHelsestasjon.YouthChat.Features.ListChatUnits;
using DigiHelsestasjon.YouthChat.Features.OpenConversation;
using DigiHelsestasjon.YouthChat.Features.PreparedAnswers;
using DigiHelsestasjon.YouthChat.Features.QuickExit;
using DigiHelsestasjon.YouthChat.Features.SendMessage;
using DigiHelsestasjon.YouthChat.Features.StaffQueue;
using DigiHelsestasjon.YouthChat.Features.StreamEvents;
using DigiHelsestasjon.YouthChat.Features.TransferConversation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DigiHelsestasjon.YouthChat;

/// <summary>The youth's routes (no login: the conversation token is the key) and the nurses' (HelseID, role nurse, unit membership).</summary>
internal static class YouthChatEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var youth = endpoints.MapGroup("/api/v1/youth-chat").WithTags("Youth chat").AllowAnonymous();
        ListChatUnitsEndpoint.Map(youth);
        OpenConversationEndpoint.Map(youth);
        SendChatMessageEndpoint.Map(youth, staff: false);
        StreamEventsEndpoint.Map(youth, staff: false);
        QuickExitEndpoint.Map(youth);
        HandOverEndpoint.Map(endpoints.MapGroup("/api/v1/youth-chat").WithTags("Youth chat"));

        var staff = endpoints.MapGroup("/api/v1/staff/youth-chat").WithTags("Youth chat (staff)")
            .RequireAuthorization(PlatformPolicies.Staff)
            .AddEndpointFilter(async (context, next) => context.HttpContext.User.FindFirst("role")?.Value == "nurse"
                ? await next(context)
                : throw new PlatformProblemException(StatusCodes.Status403Forbidden, "nurses-only", "The youth chat is for nurses.", "Log in with HelseID as a nurse of the unit."));
        StaffQueueEndpoint.Map(staff);
        ClaimConversationEndpoint.Map(staff);
        SendChatMessageEndpoint.Map(staff, staff: true);
        StreamEventsEndpoint.Map(staff, staff: true);
        TransferConversationEndpoint.Map(staff);
        EndConversationEndpoint.Map(staff);
        ClearQueueEndpoint.Map(staff);
        PreparedAnswersEndpoint.Map(staff);
    }
}
