using DigiHelsestasjon.Messaging.Persistence.Entities;

namespace DigiHelsestasjon.Messaging.Features.ListThreads;

using DigiHelsestasjon.Messaging.Features.Threads;

/// <summary>The subject's threads the caller may see, newest first, with unread counts for this reader.</summary>
internal sealed record ListThreads(SubjectAccessDecision Access, Guid SubjectId) : IQuery<IReadOnlyList<ThreadSummary>>;

internal sealed class ThreadRow
{
    public Guid Id { get; init; }

    public Guid UnitId { get; init; }

    public string Topic { get; init; } = "";

    public string Subject { get; init; } = "";

    public string StartedBy { get; init; } = "";

    public DateTime CreatedAt { get; init; }

    public DateTime LastMessageAt { get; init; }

    public bool YouthService { get; init; }

    public bool ExemptFromParentalAccess { get; init; }

    public int MessageCount { get; init; }

    public int UnreadCount { get; init; }

    public string? LastDeliveryState { get; init; }

    /// <summary>The newest message this reader may see: the thread's own last time could give away a hidden one.</summary>
    public DateTime? LastVisibleAt { get; init; }
}

internal sealed class ListThreadsHandler(MessagingDbContext db, IMediator mediator) : IRequestHandler<ListThreads, IReadOnlyList<ThreadSummary>>
{
    /// <summary>The hot read: compiled once, one statement, counts computed in the database, served by the
    /// (PersonId, LastMessageAt), (ThreadId, SentAt) and read-marker keys. Exempt messages are left out of the
    /// counts for a parent (<paramref name="hideExempt"/>).</summary>
    internal static readonly CompiledQuery<Func<MessagingDbContext, Guid, Guid, bool, IAsyncEnumerable<ThreadRow>>> ListQuery = new(() =>
        EF.CompileAsyncQuery((MessagingDbContext db, Guid personId, Guid reader, bool hideExempt) => db.Threads.AsNoTracking()
            .Where(t => t.PersonId == personId)
            .OrderByDescending(t => t.LastMessageAt)
            .Select(t => new ThreadRow
            {
                Id = t.Id, UnitId = t.UnitId, Topic = t.Topic, Subject = t.Subject, StartedBy = t.StartedBy, CreatedAt = t.CreatedAt, LastMessageAt = t.LastMessageAt,
                YouthService = t.YouthService, ExemptFromParentalAccess = t.ExemptFromParentalAccess,
                MessageCount = db.Messages.Count(m => m.ThreadId == t.Id && (!hideExempt || !m.ExemptFromParentalAccess)),
                UnreadCount = db.Messages.Count(m => m.ThreadId == t.Id && (!hideExempt || !m.ExemptFromParentalAccess)
                    && (m.AuthorPersonId == null || m.AuthorPersonId != reader)
                    && !db.ReadMarkers.Any(r => r.ThreadId == t.Id && r.ReaderPersonId == reader && r.ReadUpTo >= m.SentAt)),
                LastVisibleAt = db.Messages.Where(m => m.ThreadId == t.Id && (!hideExempt || !m.ExemptFromParentalAccess)).Max(m => (DateTime?)m.SentAt),
                LastDeliveryState = db.Messages
                    .Where(m => m.ThreadId == t.Id && m.Direction == Message.ToUnit && (!hideExempt || !m.ExemptFromParentalAccess))
                    .OrderByDescending(m => m.SentAt).Select(m => m.DeliveryState).FirstOrDefault(),
            })));

    public async Task<IReadOnlyList<ThreadSummary>> Handle(ListThreads request, CancellationToken cancellationToken)
    {
        var access = request.Access;
        var rows = new List<ThreadRow>();
        await foreach (var row in ListQuery.For(db)(db, request.SubjectId, access.ActorPersonId, ThreadAccess.HidesExempt(access)).WithCancellation(cancellationToken))
        {
            if (row.MessageCount > 0 && access.MaySee(new ItemProtection(row.ExemptFromParentalAccess, row.YouthService)))
            {
                rows.Add(row);
            }
        }

        var units = await mediator.Send(new GetUnits(rows.Select(r => r.UnitId).Distinct().ToList()), cancellationToken);
        return rows.OrderByDescending(r => r.LastVisibleAt ?? r.LastMessageAt).Select(r => new ThreadSummary(
            r.Id, r.UnitId, units.GetValueOrDefault(r.UnitId)?.Name ?? "", r.Topic, r.Subject, r.StartedBy, ThreadViews.Utc(r.CreatedAt), ThreadViews.Utc(r.LastVisibleAt ?? r.LastMessageAt),
            r.MessageCount, r.UnreadCount, r.LastDeliveryState)).ToList();
    }
}

internal static class ListThreadsEndpoint
{
    public static void Map(IEndpointRouteBuilder threads) =>
        threads.MapGet("", async Task<Ok<IReadOnlyList<ThreadSummary>>> (Guid subjectId, HttpContext http, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListThreads(http.SubjectAccess<SubjectAccessDecision>(), subjectId), ct)))
            .RequireSubjectAccess(Permissions.MessagesRead, "messages.list", "Vise meldinger");
}
