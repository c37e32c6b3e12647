using DigiHelsestasjon.YouthChat.Persistence.Entities;

namespace DigiHelsestasjon.YouthChat.Features.ClaimConversation;

using DigiHelsestasjon.YouthChat.Features.Conversations;

internal sealed record ClaimConversation(Guid ConversationId, ChatCaller Nurse) : ICommand<ConversationView>;

/// <summary>A nurse of the unit takes a waiting conversation. Two nurses at once: one wins (the claim is one conditional
/// update), the other gets 409. Claiming one's own again (even at the same moment) answers as the first time.</summary>
internal sealed class ClaimConversationHandler(YouthChatDbContext db, ChatLog log, TimeProvider time) : IRequestHandler<ClaimConversation, ConversationView>
{
    public async Task<ConversationView> Handle(ClaimConversation request, CancellationToken cancellationToken)
    {
        var conversation = await ChatAccess.ForNurseAsync(db, request.ConversationId, request.Nurse, mustHold: false, cancellationToken);
        var me = request.Nurse.NurseId;
        if (!(conversation.State == ConversationStates.Active && conversation.NurseId == me))
        {
            var now = time.GetUtcNow().UtcDateTime;
            var joined = await log.AppendAsync(
                conversation.Id, ChatEventKinds.NurseJoined, ChatAuthors.Nurse, "En helsesykepleier er med i samtalen.", cancellationToken,
                change: set => set.SetProperty(c => c.State, ConversationStates.Active).SetProperty(c => c.NurseId, me).SetProperty(c => c.FirstClaimedAt, c => c.FirstClaimedAt ?? now),
                onlyIf: c => c.State == ConversationStates.Queued);
            if (joined is null && !await db.Conversations.AnyAsync(c => c.Id == conversation.Id && c.State == ConversationStates.Active && c.NurseId == me, cancellationToken))
            {
                throw new PlatformProblemException(StatusCodes.Status409Conflict, "conversation-taken", "Another nurse has this conversation, or it has ended.");
            }

            if (joined is not null && conversation.FirstClaimedAt is null)
            {
                // Counted when the claim is made; the commit follows at once (a failed one is rare and only adds a sample).
                ChatWaitingTime.Record(conversation.CreatedAt, now);
            }

            conversation.State = ConversationStates.Active;
            conversation.LastSeq = joined?.Seq ?? conversation.LastSeq;
        }

        return new ConversationView(conversation.Id, conversation.UnitId, ConversationStates.Active, null, true, conversation.LastSeq, null);
    }
}

internal static class ClaimConversationEndpoint
{
    public static void Map(IEndpointRouteBuilder staff) =>
        staff.MapPost("/conversations/{conversationId:guid}/claim", async Task<Ok<ConversationView>> (Guid conversationId, HttpContext http, IMediator mediator, ChatFanOut fanOut, CancellationToken ct) =>
        {
            var claimed = await mediator.Send(new ClaimConversation(conversationId, ChatCaller.Nurse(http.User)), ct);
            await fanOut.ChangedAsync(conversationId, claimed.UnitId);
            return TypedResults.Ok(claimed);
        })
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}

/// <summary>Histogram <c>youthchat.waiting_time</c> (meter <c>DigiHelsestasjon.YouthChat</c>): seconds from a youth's first
/// message to a nurse taking the chat, the figure a municipality staffs its chat hours by. No unit or person tag.</summary>
internal static class ChatWaitingTime
{
    private static readonly System.Diagnostics.Metrics.Histogram<double> WaitingTime = RealTime.ChatRateLimits.Meter.CreateHistogram<double>(
        "youthchat.waiting_time", unit: "s", description: "Seconds a youth waited before a nurse took the chat.");

    public static void Record(DateTime openedAt, DateTime claimedAt) => WaitingTime.Record(Math.Max(0, (claimedAt - openedAt).TotalSeconds));
}
