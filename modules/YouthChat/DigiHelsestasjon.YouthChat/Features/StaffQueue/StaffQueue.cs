using DigiHelsestasjon.YouthChat.Persistence.Entities;

namespace DigiHelsestasjon.YouthChat.Features.StaffQueue;

using DigiHelsestasjon.YouthChat.Features.Conversations;

/// <param name="Position">Place in the unit's queue (1 = next); null once a nurse has it.</param>
/// <param name="HeldByMe">The caller holds it.</param>
/// <param name="UnitName">The unit the youth chose, to triage by.</param>
/// <param name="FirstMessage">The youth's first message (what it is about), to triage by; null until the youth has written.</param>
/// <param name="YouthAway">Still waiting, but the youth has not been seen for a while (most likely closed the tab): it leaves the
/// queue as abandoned unless she comes back.</param>
public sealed record QueueEntry(
    Guid ConversationId, Guid UnitId, string State, int? Position, DateTimeOffset WaitingSince, bool HeldByMe, long LastSeq, string UnitName = "", string? FirstMessage = null,
    bool YouthAway = false);

public sealed record StaffQueue(IReadOnlyList<QueueEntry> Conversations);

/// <summary>A nurse's view: the waiting conversations of the nurse's units in order, and the nurse's own. Looking counts as
/// being on duty at those units (a colleague others can transfer to).</summary>
internal sealed record GetStaffQueue(ChatCaller Nurse) : ICommand<StaffQueue>;

internal sealed class GetStaffQueueHandler(YouthChatDbContext db, IMediator mediator, TimeProvider time, IOptions<YouthChatOptions> options) : IRequestHandler<GetStaffQueue, StaffQueue>
{
    public async Task<StaffQueue> Handle(GetStaffQueue request, CancellationToken cancellationToken)
    {
        var (units, me) = (request.Nurse.NurseUnits, request.Nurse.NurseId);
        var now = time.GetUtcNow().UtcDateTime;
        var onDuty = await db.NursesOnDuty.Where(n => n.NurseId == me && units.Contains(n.UnitId)).ToDictionaryAsync(n => n.UnitId, cancellationToken);
        foreach (var unitId in units)
        {
            if (onDuty.TryGetValue(unitId, out var seen))
            {
                seen.SeenAt = now;
            }
            else if (!await db.InsertIfAbsentAsync(new NurseOnDuty { NurseId = me!, UnitId = unitId, SeenAt = now }, cancellationToken))
            {
                // Her other tab polled first: that row is hers too.
                (await db.NursesOnDuty.FirstAsync(n => n.NurseId == me && n.UnitId == unitId, cancellationToken)).SeenAt = now;
            }
        }

        var conversations = await db.Conversations.AsNoTracking()
            .Where(c => units.Contains(c.UnitId) && (c.State == ConversationStates.Queued || (c.State == ConversationStates.Active && c.NurseId == me)))
            .OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
        var ids = conversations.Select(c => c.Id).ToList();
        var youthMessages = db.Events.AsNoTracking().Where(e => ids.Contains(e.ConversationId) && e.Kind == ChatEventKinds.Message && e.Author == ChatAuthors.Youth);
        var firstSeqs = (await youthMessages.GroupBy(e => e.ConversationId).Select(g => new { ConversationId = g.Key, Seq = g.Min(e => e.Seq) }).ToListAsync(cancellationToken))
            .ToDictionary(f => f.ConversationId, f => f.Seq);
        var seqs = firstSeqs.Values.Distinct().ToList();
        var firstMessages = (await youthMessages.Where(e => seqs.Contains(e.Seq)).Select(e => new { e.ConversationId, e.Seq, e.Text }).ToListAsync(cancellationToken))
            .Where(m => firstSeqs.GetValueOrDefault(m.ConversationId) == m.Seq)
            .ToDictionary(m => m.ConversationId, m => m.Text);
        var unitNames = await mediator.Send(new GetUnits([.. conversations.Select(c => c.UnitId).Distinct()]), cancellationToken);
        var positions = new Dictionary<Guid, int>();
        return new StaffQueue(conversations.Select(c => new QueueEntry(
            c.Id, c.UnitId, c.State,
            c.State == ConversationStates.Queued ? positions[c.UnitId] = positions.GetValueOrDefault(c.UnitId) + 1 : null,
            new DateTimeOffset(c.CreatedAt, TimeSpan.Zero), c.NurseId == me, c.LastSeq,
            unitNames.TryGetValue(c.UnitId, out var unit) ? unit.Name : "", firstMessages.GetValueOrDefault(c.Id), ChatPresence.IsAway(c, now, options.Value))).ToList());
    }
}

/// <summary>Nurses on duty at the caller's units lately, for a transfer.</summary>
public sealed record Colleague(string NurseId, Guid UnitId, DateTimeOffset SeenAt);

internal sealed record ListColleagues(ChatCaller Nurse) : IQuery<IReadOnlyList<Colleague>>;

internal sealed class ListColleaguesHandler(YouthChatDbContext db, TimeProvider time, IOptions<YouthChatOptions> options) : IRequestHandler<ListColleagues, IReadOnlyList<Colleague>>
{
    public async Task<IReadOnlyList<Colleague>> Handle(ListColleagues request, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().UtcDateTime - options.Value.OnDutyFor;
        var units = request.Nurse.NurseUnits;
        return (await db.NursesOnDuty.AsNoTracking().Where(n => units.Contains(n.UnitId) && n.SeenAt >= since && n.NurseId != request.Nurse.NurseId)
                .OrderBy(n => n.NurseId).ToListAsync(cancellationToken))
            .Select(n => new Colleague(n.NurseId, n.UnitId, new DateTimeOffset(n.SeenAt, TimeSpan.Zero))).ToList();
    }
}

internal static class StaffQueueEndpoint
{
    public static void Map(IEndpointRouteBuilder staff)
    {
        staff.MapGet("/queue", async Task<Ok<StaffQueue>> (HttpContext http, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new GetStaffQueue(ChatCaller.Nurse(http.User)), ct)));
        staff.MapGet("/colleagues", async Task<Ok<IReadOnlyList<Colleague>>> (HttpContext http, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ListColleagues(ChatCaller.Nurse(http.User)), ct)));
    }
}
