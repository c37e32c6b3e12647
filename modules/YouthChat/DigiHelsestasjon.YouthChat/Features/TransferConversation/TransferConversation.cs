using DigiHelsestasjon.YouthChat.Persistence.Entities;

namespace DigiHelsestasjon.YouthChat.Features.TransferConversation;

using DigiHelsestasjon.YouthChat.Features.Conversations;

/// <param name="ToNurseId">A colleague on duty at the unit (GET .../colleagues); none: back to the unit's queue, in its old place.</param>
public sealed record TransferBody(string? ToNurseId);

internal sealed record TransferConversation(Guid ConversationId, ChatCaller Nurse, string? ToNurseId) : ICommand<ConversationView>;

internal sealed class TransferConversationHandler(YouthChatDbContext db, ChatLog log, TimeProvider time, IOptions<YouthChatOptions> options)
    : IRequestHandler<TransferConversation, ConversationView>
{
    public async Task<ConversationView> Handle(TransferConversation request, CancellationToken cancellationToken)
    {
        var conversation = await ChatAccess.ForNurseAsync(db, request.ConversationId, request.Nurse, mustHold: true, cancellationToken);
        var me = request.Nurse.NurseId;
        ChatEvent? moved;
        if (request.ToNurseId is { Length: > 0 } colleague)
        {
            var since = time.GetUtcNow().UtcDateTime - options.Value.OnDutyFor;
            if (colleague == me || !await db.NursesOnDuty.AnyAsync(n => n.NurseId == colleague && n.UnitId == conversation.UnitId && n.SeenAt >= since, cancellationToken))
            {
                throw ValidationException.For("toNurseId", "Not a colleague on duty at this unit now; see GET /api/v1/staff/youth-chat/colleagues.");
            }

            moved = await log.AppendAsync(conversation.Id, ChatEventKinds.NurseJoined, ChatAuthors.Nurse, "En annen helsesykepleier har tatt over samtalen.", cancellationToken,
                change: set => set.SetProperty(c => c.NurseId, colleague), onlyIf: c => c.NurseId == me && c.State == ConversationStates.Active);
        }
        else
        {
            moved = await log.AppendAsync(conversation.Id, ChatEventKinds.NurseLeft, ChatAuthors.Nurse, "Du er tilbake i køen. En helsesykepleier kommer snart.", cancellationToken,
                change: set => set.SetProperty(c => c.NurseId, (string?)null).SetProperty(c => c.State, ConversationStates.Queued),
                onlyIf: c => c.NurseId == me && c.State == ConversationStates.Active);
        }

        return moved is null
            ? throw new PlatformProblemException(StatusCodes.Status409Conflict, "conversation-ended", "The conversation has ended.")
            : new ConversationView(conversation.Id, conversation.UnitId, request.ToNurseId is { Length: > 0 } ? ConversationStates.Active : ConversationStates.Queued, null,
                request.ToNurseId is { Length: > 0 }, moved.Seq, null);
    }
}

internal static class TransferConversationEndpoint
{
    public static void Map(IEndpointRouteBuilder staff) =>
        staff.MapPost("/conversations/{conversationId:guid}/transfer", async Task<Ok<ConversationView>> (Guid conversationId, TransferBody? body, HttpContext http, IMediator mediator, ChatFanOut fanOut, CancellationToken ct) =>
        {
            var moved = await mediator.Send(new TransferConversation(conversationId, ChatCaller.Nurse(http.User), body?.ToNurseId), ct);
            await fanOut.ChangedAsync(conversationId, moved.UnitId);
            return TypedResults.Ok(moved);
        })
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
