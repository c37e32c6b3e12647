using DigiHelsestasjon.YouthChat.Persistence.Entities;
using Microsoft.Extensions.Logging;

namespace DigiHelsestasjon.YouthChat.Features.QuickExit;

using DigiHelsestasjon.YouthChat.Features.Conversations;

internal sealed record EraseConversation(Guid ConversationId, string? TokenHash) : ICommand<Guid>;

/// <summary>Quick exit: the youth's <c>DELETE</c> ends the conversation and erases it at once: every line and the
/// conversation itself. What stays is the content-free count for the figures. The nurse's stream says <c>erased</c>.</summary>
internal sealed class EraseConversationHandler(YouthChatDbContext db, UnitOfWork unitOfWork) : IRequestHandler<EraseConversation, Guid>
{
    public async Task<Guid> Handle(EraseConversation request, CancellationToken cancellationToken)
    {
        var conversation = await ChatAccess.ForYouthAsync(db, request.ConversationId, request.TokenHash, cancellationToken);
        await unitOfWork.JoinTransactionAsync(cancellationToken);
        if (await ChatErasure.DeleteAsync(db, conversation.Id, cancellationToken) && conversation.State != ConversationStates.Ended)
        {
            db.Counts.Add(ChatLog.Count(conversation, EndReasons.Youth));
        }

        return conversation.UnitId;
    }
}

internal static class QuickExitEndpoint
{
    public static void Map(IEndpointRouteBuilder chat) =>
        chat.MapDelete("/conversations/{conversationId:guid}", async Task<NoContent> (
            Guid conversationId, HttpContext http, IMediator mediator, ChatFanOut fanOut, DatabaseSettings database, ILogger<EraseConversation> logger, CancellationToken ct) =>
        {
            var unitId = await mediator.Send(new EraseConversation(conversationId, ConversationTokens.HashFrom(http.Request)), ct);
            await ChatErasure.CheckpointAsync(database, logger);
            await fanOut.ChangedAsync(conversationId, unitId);
            return TypedResults.NoContent();
        })
            .ProducesProblem(StatusCodes.Status404NotFound);
}
