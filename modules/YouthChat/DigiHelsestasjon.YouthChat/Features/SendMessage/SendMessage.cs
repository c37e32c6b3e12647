namespace DigiHelsestasjon.YouthChat.Features.SendMessage;

using DigiHelsestasjon.YouthChat.Features.Conversations;

/// <param name="PreparedAnswerId">A nurse may send one of the unit's prepared answers instead of typing.</param>
public sealed record SendChatMessageBody(string? Text, Guid? PreparedAnswerId);

internal sealed record SendChatMessage(Guid ConversationId, ChatCaller Caller, string? TokenHash, string? IdempotencyKey, SendChatMessageBody Body) : ICommand<ChatEventView>;

internal sealed class SendChatMessageValidator(IOptions<YouthChatOptions> options) : IValidator<SendChatMessage>
{
    public IEnumerable<ValidationFailure> Validate(SendChatMessage request)
    {
        if (request.IdempotencyKey is { } key && (key.Length is 0 or > 100 || key.Any(char.IsControl)))
        {
            yield return new ValidationFailure("Idempotency-Key", "At most 100 printable characters, unique per message.");
        }

        if (request.Body.PreparedAnswerId is not null && request.Caller.IsNurse)
        {
            yield break;
        }

        foreach (var failure in MessageText.Check("text", request.Body.Text, options.Value.MaxMessageLength, multiline: true))
        {
            yield return failure;
        }
    }
}

/// <summary>A line from the youth (while waiting or with a nurse) or from the nurse holding the conversation. The same
/// Idempotency-Key again returns the first line instead of a second one.</summary>
internal sealed class SendChatMessageHandler(YouthChatDbContext db, ChatLog log, ChatRateLimits limits) : IRequestHandler<SendChatMessage, ChatEventView>
{
    public async Task<ChatEventView> Handle(SendChatMessage request, CancellationToken cancellationToken)
    {
        var conversation = await ChatAccess.ForCallerAsync(db, request.ConversationId, request.Caller, request.TokenHash, cancellationToken);
        if (request.IdempotencyKey is { } key)
        {
            // A retry may race its first try: hold the conversation's row first, so the first try has committed (or failed) when we look.
            await log.HoldAsync(conversation.Id, cancellationToken);
            if (await db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.ConversationId == conversation.Id && e.ClientKey == key, cancellationToken) is { } earlier)
            {
                return ChatViews.ToView(earlier);
            }
        }

        if (!request.Caller.IsNurse)
        {
            limits.MessageFrom(conversation.TokenHash);
        }

        var text = request.Body.Text;
        if (request.Caller.IsNurse && request.Body.PreparedAnswerId is { } answerId)
        {
            text = await db.PreparedAnswers.AsNoTracking().Where(a => a.Id == answerId && a.UnitId == conversation.UnitId).Select(a => a.Text).FirstOrDefaultAsync(cancellationToken)
                ?? throw ValidationException.For("preparedAnswerId", "No such prepared answer for this unit.");
        }

        var entry = await log.AppendMessageAsync(
            conversation.Id, request.Caller.Author, text!, request.IdempotencyKey, request.Caller.IsNurse ? request.Caller.NurseId : null, cancellationToken);
        return entry is null
            ? throw new PlatformProblemException(StatusCodes.Status409Conflict, "conversation-ended", "The conversation has ended.", "Start a new conversation to write again.")
            : ChatViews.ToView(entry);
    }
}

internal static class SendChatMessageEndpoint
{
    public static void Map(IEndpointRouteBuilder group, bool staff) =>
        group.MapPost("/conversations/{conversationId:guid}/messages", async Task<Created<ChatEventView>> (
                Guid conversationId, SendChatMessageBody? body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpContext http, IMediator mediator, ChatFanOut fanOut, CancellationToken ct) =>
            {
                var caller = staff ? ChatCaller.Nurse(http.User) : ChatCaller.Youth;
                var sent = await mediator.Send(new SendChatMessage(conversationId, caller, staff ? null : ConversationTokens.HashFrom(http.Request), idempotencyKey, body ?? new(null, null)), ct);
                await fanOut.ChangedAsync(conversationId);
                return TypedResults.Created($"/api/v1/youth-chat/conversations/{conversationId}/events?after={sent.Seq - 1}", sent);
            })
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
