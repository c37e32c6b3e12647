using System.Net.ServerSentEvents;
using DigiHelsestasjon.YouthChat.Persistence.Entities;

namespace DigiHelsestasjon.YouthChat.Features.StreamEvents;

using DigiHelsestasjon.YouthChat.Features.Conversations;

/// <summary>The conversation as its caller sees it. A command, not a query: a waiting youth who looks keeps her place in the
/// queue, and that is written (<see cref="ChatPresence"/>).</summary>
internal sealed record GetConversation(Guid ConversationId, ChatCaller Caller, string? TokenHash) : ICommand<ConversationView>;

internal sealed class GetConversationHandler(YouthChatDbContext db, TimeProvider time, IOptions<YouthChatOptions> options, UnitOfWork unitOfWork) : IRequestHandler<GetConversation, ConversationView>
{
    public async Task<ConversationView> Handle(GetConversation request, CancellationToken cancellationToken)
    {
        var conversation = await ChatAccess.ForCallerAsync(db, request.ConversationId, request.Caller, request.TokenHash, cancellationToken);
        if (!request.Caller.IsNurse && conversation.State == ConversationStates.Queued)
        {
            // A youth asking where she stands (or opening her stream) is there: she keeps her place.
            await unitOfWork.JoinTransactionAsync(cancellationToken);
            await ChatPresence.MarkAsync(db, conversation.Id, time.GetUtcNow().UtcDateTime, options.Value, cancellationToken);
        }

        return await ChatViews.ToViewAsync(db, conversation, cancellationToken);
    }
}

/// <summary><c>GET .../events</c>: the conversation as server-sent events (see <see cref="ChatStream"/>). Resume with the
/// standard <c>Last-Event-ID</c> header, or <c>?after=N</c> for clients that cannot set it.</summary>
internal static class StreamEventsEndpoint
{
    public static void Map(IEndpointRouteBuilder group, bool staff)
    {
        group.MapGet("/conversations/{conversationId:guid}", async Task<Ok<ConversationView>> (Guid conversationId, HttpContext http, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new GetConversation(conversationId, Caller(http, staff), staff ? null : ConversationTokens.HashFrom(http.Request)), ct)))
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/conversations/{conversationId:guid}/events", async Task<ServerSentEventsResult<string>> (
                Guid conversationId, long? after, [FromHeader(Name = "Last-Event-ID")] string? lastEventId, HttpContext http, IMediator mediator, ChatStream stream, CancellationToken ct) =>
            {
                var caller = Caller(http, staff);
                var view = await mediator.Send(new GetConversation(conversationId, caller, staff ? null : ConversationTokens.HashFrom(http.Request)), ct);
                var from = ResumeFrom(lastEventId, after, view.LastSeq);
                if (!stream.MayOpen(conversationId))
                {
                    throw TooManyStreams();
                }

                return TypedResults.ServerSentEvents(stream.ReadAsync(conversationId, view.UnitId, from, caller.NurseId, ct));
            })
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>Where to resume: an id this conversation gave out (0 .. its last), never a guess. A bad one is refused rather than
    /// read as 0 (the client would get everything again) or as "later" (it would miss what comes).</summary>
    private static long ResumeFrom(string? lastEventId, long? after, long lastSeq)
    {
        var (field, value) = lastEventId is not null ? ("Last-Event-ID", long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last : -1)
            : ("after", after ?? 0);
        return value < 0 ? throw ValidationException.For(field, "The id of the last event received: a whole number from 0.")
            : value > lastSeq ? throw ValidationException.For(field, $"This conversation's events go up to {lastSeq}.")
            : value;
    }

    private static PlatformProblemException TooManyStreams()
    {
        var problem = new PlatformProblemException(StatusCodes.Status429TooManyRequests, "too-many-streams", "This conversation has too many open event streams.",
            "Close another window or tab with the chat, then try again.");
        problem.Extensions["retryAfterSeconds"] = 5;
        return problem;
    }

    private static ChatCaller Caller(HttpContext http, bool staff) => staff ? ChatCaller.Nurse(http.User) : ChatCaller.Youth;
}
