using DigiHelsestasjon.YouthChat.Persistence.Entities;
using Microsoft.Extensions.Logging;

namespace DigiHelsestasjon.YouthChat.Features.ClearQueue;

using DigiHelsestasjon.YouthChat.Features.Conversations;

public sealed record ClearedQueue(int Ended);

/// <summary>A nurse of the unit ends every conversation still waiting in its queue, in one action: under a flood (scripts
/// opening chat after chat) the queue is full of conversations nobody will answer, and genuine youths are refused until it
/// empties. Each ended youth sees the <c>ended</c> event and the help lines; claimed conversations are left alone.</summary>
internal sealed record ClearQueue(Guid UnitId, ChatCaller Nurse) : ICommand<ClearedQueue>;

internal sealed class ClearQueueHandler(YouthChatDbContext db, ChatLog log, ILogger<ClearQueueHandler> logger) : IRequestHandler<ClearQueue, ClearedQueue>
{
    public async Task<ClearedQueue> Handle(ClearQueue request, CancellationToken cancellationToken)
    {
        if (!request.Nurse.NurseUnits.Contains(request.UnitId))
        {
            throw new NotFoundException("unit");
        }

        var waiting = await db.Conversations.AsNoTracking()
            .Where(c => c.UnitId == request.UnitId && c.State == ConversationStates.Queued).ToListAsync(cancellationToken);
        var ended = 0;
        foreach (var conversation in waiting)
        {
            if (await log.EndAsync(conversation, EndReasons.QueueCleared, ChatAuthors.Nurse, cancellationToken) is not null)
            {
                ended++;
            }
        }

        // The operator sees that a queue was cleared, and how much (never who: the chat is anonymous).
        logger.LogWarning("A nurse cleared the youth chat queue of unit {UnitId}: {Ended} waiting conversations ended.", request.UnitId, ended);
        return new ClearedQueue(ended);
    }
}

internal static class ClearQueueEndpoint
{
    public static void Map(IEndpointRouteBuilder staff) =>
        staff.MapPost("/units/{unitId:guid}/queue/clear", async Task<Ok<ClearedQueue>> (Guid unitId, HttpContext http, IMediator mediator, ChatFanOut fanOut, CancellationToken ct) =>
        {
            var cleared = await mediator.Send(new ClearQueue(unitId, ChatCaller.Nurse(http.User)), ct);
            await fanOut.ChangedAsync(unitId);
            return TypedResults.Ok(cleared);
        })
            .ProducesProblem(StatusCodes.Status404NotFound);
}
