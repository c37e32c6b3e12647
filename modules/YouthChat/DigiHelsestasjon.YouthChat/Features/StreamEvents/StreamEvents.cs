using System.Net.ServerSentEvents;

namespace DigiHelsestasjon.YouthChat.Features;

internal sealed record GetConversation(Guid ConversationId, ChatCaller Caller, string? TokenHash) : IQuery<ConversationView>;

internal sealed class GetConversationHandler(YouthChatDbContext db) : IRequestHandler<GetConversation, ConversationView>
{
    public async Task<ConversationView> Handle(GetConversation request, CancellationToken cancellationToken) =>
        await ChatViews.ToViewAsync(db, await ChatAccess.ForCallerAsync(db, request.ConversationId, request.Caller, request.TokenHash, cancellationToken), cancellationToken);
}

/// <summary><c>GET .../events</c>: the conversation as server-sent events (see <see cref="ChatStream"/>). Resume with the
/// standard <c>Last-Event-ID</c> header, or <c>?after=N</c> for clients that cannot set it.</summary>
internal static class StreamEventsEndpoint
{
    public static void Map(IEndpointRouteBuilder group, bool staff)
    {
        group.MapGet("/conversations/{conversationId:guid}", async Task<Ok<ConversationView>> (Guid conversationId, HttpContext http, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new GetConversation(conversationId, Caller(http, staff), staff ? null : ConversationTokens.HashFrom(http.Request)), ct)));

        group.MapGet("/conversations/{conversationId:guid}/events", async Task<ServerSentEventsResult<string>> (
                Guid conversationId, long? after, [FromHeader(Name = "Last-Event-ID")] string? lastEventId, HttpContext http, IMediator mediator, ChatStream stream, CancellationToken ct) =>
            {
                var caller = Caller(http, staff);
                var view = await mediator.Send(new GetConversation(conversationId, caller, staff ? null : ConversationTokens.HashFrom(http.Request)), ct);
                var from = long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last : Math.Max(0, after ?? 0);
                return TypedResults.ServerSentEvents(stream.ReadAsync(conversationId, view.UnitId, from, caller.NurseId, ct));
            })
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
    }

    private static ChatCaller Caller(HttpContext http, bool staff) => staff ? ChatCaller.Nurse(http.User) : ChatCaller.Youth;
}
