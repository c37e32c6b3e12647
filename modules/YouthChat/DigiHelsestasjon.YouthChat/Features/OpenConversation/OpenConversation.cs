using DigiHelsestasjon.YouthChat.Persistence.Entities;

namespace DigiHelsestasjon.YouthChat.Features.OpenConversation;

using DigiHelsestasjon.YouthChat.Features.Conversations;

public sealed record OpenConversationBody(Guid? UnitId);

/// <param name="ConversationToken">The only key to the conversation: keep it in memory, send it as <c>Authorization: Bearer</c>.</param>
public sealed record OpenedConversation(Guid ConversationId, string ConversationToken, int QueuePosition, IReadOnlyList<HelpLine> HelpNow);

/// <param name="BlockedTokenHash">The hash of a token the client still carried, if any: a token flagged abusive cannot open a new conversation.</param>
/// <param name="AddressKey">A keyed hash of the caller's network address, for the per-address limit in memory only.</param>
internal sealed record OpenConversation(Guid? UnitId, string? BlockedTokenHash, string AddressKey) : ICommand<OpenedConversation>;

internal sealed class OpenConversationHandler(YouthChatDbContext db, IMediator mediator, TimeProvider time, IOptions<YouthChatOptions> options, ChatRateLimits limits)
    : IRequestHandler<OpenConversation, OpenedConversation>
{
    public async Task<OpenedConversation> Handle(OpenConversation request, CancellationToken cancellationToken)
    {
        if (request.UnitId is not { } unitId || unitId == Guid.Empty)
        {
            throw ValidationException.For("unitId", "Which unit to chat with (its unitId from GET /api/v1/youth-chat/units?municipality={kommunenummer}).");
        }

        var unit = await mediator.Send(new GetUnitChatSettings(unitId), cancellationToken);
        if (unit is not { Enabled: true })
        {
            throw new NotFoundException("unit with a youth chat");
        }

        var now = time.GetUtcNow();
        var helpNow = HelpLines.For(unit);
        if (request.BlockedTokenHash is { } hash && await db.BlockedTokens.AnyAsync(b => b.TokenHash == hash && b.Until > now.UtcDateTime, cancellationToken))
        {
            throw Problem(StatusCodes.Status403Forbidden, "chat-blocked", "This chat is blocked for a while.",
                "The conversation was ended by the nurse. You can still get help by phone.", helpNow);
        }

        if (!ChatHours.IsOpen(unit.OpeningHours, now))
        {
            var opens = ChatHours.NextOpening(unit.OpeningHours, now);
            var problem = Problem(StatusCodes.Status409Conflict, "chat-closed", "The chat is closed now.",
                opens is { } at ? $"It opens {ChatHours.Local(at):yyyy-MM-dd HH:mm} Norwegian time. If you need help now, call 116 111, or 113 if it is urgent." : "If you need help now, call 116 111, or 113 if it is urgent.", helpNow);
            problem.Extensions["opensAt"] = opens;
            throw problem;
        }

        limits.ConversationFrom(request.AddressKey, unitId, helpNow);
        limits.ConversationFor(unitId, request.AddressKey, helpNow);
        var waiting = await db.Conversations.CountAsync(c => c.UnitId == unitId && c.State == ConversationStates.Queued, cancellationToken);
        if (waiting >= options.Value.MaxQueueLength)
        {
            limits.QueueFull(unitId);
            var problem = Problem(StatusCodes.Status503ServiceUnavailable, "chat-queue-full", "Many are waiting for this chat right now.",
                "Try again in a few minutes. If you need help now, call 116 111, or 113 if it is urgent.", helpNow);
            problem.Extensions["retryAfterSeconds"] = 120;
            throw problem;
        }

        var token = ConversationTokens.New();
        var conversation = new Conversation
        {
            Id = Guid.NewGuid(), UnitId = unitId, Kommunenummer = unit.Kommunenummer, TokenHash = ConversationTokens.Hash(token),
            State = ConversationStates.Queued, CreatedAt = now.UtcDateTime, LastActivityAt = now.UtcDateTime, RetentionHours = unit.RetentionHours,
            NextCheckAt = now.UtcDateTime + ChatPresence.CheckAfter(options.Value),
        };
        db.Conversations.Add(conversation);
        return new OpenedConversation(conversation.Id, token, waiting + 1, helpNow);
    }

    private static PlatformProblemException Problem(int status, string code, string title, string detail, IReadOnlyList<HelpLine> helpNow)
    {
        var problem = new PlatformProblemException(status, code, title, detail);
        problem.Extensions["helpNow"] = helpNow;
        return problem;
    }
}

internal static class OpenConversationEndpoint
{
    public static void Map(IEndpointRouteBuilder chat) =>
        chat.MapPost("/conversations", async Task<Created<OpenedConversation>> (OpenConversationBody? body, HttpContext http, IMediator mediator, ChatFanOut fanOut, ChatRateLimits limits, CancellationToken ct) =>
        {
            var opened = await mediator.Send(new OpenConversation(body?.UnitId, ConversationTokens.HashFrom(http.Request), limits.AddressKey(http.Connection.RemoteIpAddress)), ct);
            await fanOut.ChangedAsync(body!.UnitId!.Value);
            return TypedResults.Created($"/api/v1/youth-chat/conversations/{opened.ConversationId}", opened);
        })
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
