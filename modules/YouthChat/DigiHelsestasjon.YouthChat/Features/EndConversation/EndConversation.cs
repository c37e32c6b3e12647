using DigiHelsestasjon.YouthChat.Persistence.Entities;

namespace DigiHelsestasjon.YouthChat.Features.EndConversation;

using DigiHelsestasjon.YouthChat.Features.Conversations;

/// <param name="Abusive">The nurse flags it abusive: its token is blocked for <see cref="YouthChatOptions.BlockDuration"/>.</param>
internal sealed record EndConversation(Guid ConversationId, ChatCaller Nurse, bool Abusive) : ICommand<Guid>;

/// <summary>The nurse holding a conversation ends it, or flags it abusive (which ends it too). The youth's stream gets the
/// <c>ended</c> event with the reason.</summary>
internal sealed class EndConversationHandler(YouthChatDbContext db, ChatLog log, TimeProvider time, IOptions<YouthChatOptions> options) : IRequestHandler<EndConversation, Guid>
{
    public async Task<Guid> Handle(EndConversation request, CancellationToken cancellationToken)
    {
        var conversation = await ChatAccess.ForNurseAsync(db, request.ConversationId, request.Nurse, mustHold: true, cancellationToken);
        if (await log.EndAsync(conversation, request.Abusive ? EndReasons.Abusive : EndReasons.Nurse, ChatAuthors.Nurse, cancellationToken) is null)
        {
            throw new PlatformProblemException(StatusCodes.Status409Conflict, "conversation-ended", "The conversation has ended.");
        }

        if (request.Abusive)
        {
            var until = time.GetUtcNow().UtcDateTime + options.Value.BlockDuration;
            var blocked = await db.BlockedTokens.FirstOrDefaultAsync(b => b.TokenHash == conversation.TokenHash, cancellationToken);
            if (blocked is null)
            {
                db.BlockedTokens.Add(new BlockedToken { TokenHash = conversation.TokenHash, Until = until });
            }
            else
            {
                blocked.Until = until;
            }
        }

        return conversation.UnitId;
    }
}

internal static class EndConversationEndpoint
{
    public static void Map(IEndpointRouteBuilder staff)
    {
        staff.MapPost("/conversations/{conversationId:guid}/end", (Guid conversationId, HttpContext http, IMediator mediator, ChatFanOut fanOut, CancellationToken ct) =>
            EndAsync(new EndConversation(conversationId, ChatCaller.Nurse(http.User), Abusive: false), mediator, fanOut, ct))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        staff.MapPost("/conversations/{conversationId:guid}/abusive", (Guid conversationId, HttpContext http, IMediator mediator, ChatFanOut fanOut, CancellationToken ct) =>
            EndAsync(new EndConversation(conversationId, ChatCaller.Nurse(http.User), Abusive: true), mediator, fanOut, ct))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<NoContent> EndAsync(EndConversation command, IMediator mediator, ChatFanOut fanOut, CancellationToken ct)
    {
        var unitId = await mediator.Send(command, ct);
        await fanOut.ChangedAsync(command.ConversationId, unitId);
        return TypedResults.NoContent();
    }
}
