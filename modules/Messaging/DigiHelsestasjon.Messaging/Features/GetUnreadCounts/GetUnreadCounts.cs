namespace DigiHelsestasjon.Messaging.Features.GetUnreadCounts;

using DigiHelsestasjon.Messaging.Features.ListThreads;
using DigiHelsestasjon.Messaging.Features.Threads;

/// <param name="Unread">Messages in the person's threads this reader has not read, counted as the person's thread list counts them.</param>
public sealed record UnreadCount(Guid SubjectId, int Unread);

/// <summary>For the person chooser: what is unread for each person the caller may act for, in one answer. The access was
/// decided (and logged, one row per person) before this runs; this only counts, within each decision.</summary>
internal sealed record GetUnreadCounts(IReadOnlyDictionary<Guid, SubjectAccessDecision> Decisions) : IQuery<IReadOnlyList<UnreadCount>>;

internal sealed class GetUnreadCountsHandler(MessagingDbContext db) : IRequestHandler<GetUnreadCounts, IReadOnlyList<UnreadCount>>
{
    public async Task<IReadOnlyList<UnreadCount>> Handle(GetUnreadCounts request, CancellationToken cancellationToken)
    {
        var counts = new List<UnreadCount>();
        foreach (var (subjectId, access) in request.Decisions)
        {
            // The list's own query, so the chooser never counts a thread the list would hide (exempt, a youth's own contact).
            var unread = 0;
            await foreach (var row in ListThreadsHandler.ListQuery.For(db)(db, subjectId, access.ActorPersonId, ThreadAccess.HidesExempt(access)).WithCancellation(cancellationToken))
            {
                if (row.MessageCount > 0 && access.MaySee(new ItemProtection(row.ExemptFromParentalAccess, row.YouthService)))
                {
                    unread += row.UnreadCount;
                }
            }

            counts.Add(new UnreadCount(subjectId, unread));
        }

        return counts;
    }
}

internal static class GetUnreadCountsEndpoint
{
    /// <summary>The access-log entry each person gets for this call.</summary>
    private static readonly SubjectAccessRequirement Requirement = new(Permissions.MessagesRead, "messages.unread-counts", "Vise antall nye meldinger");

    public static void Map(IEndpointRouteBuilder messaging) =>
        messaging.MapGet("/unread-counts", async Task<Ok<IReadOnlyList<UnreadCount>>> (HttpContext http, ISubjectAccessGate gate, IMediator mediator, CancellationToken ct) =>
        {
            // Decided and logged first (a command that commits), then counted (a query that writes nothing).
            var decisions = (await gate.AuthorizeEveryAsync(http.User, Requirement, ct))
                .Where(d => d.Value is SubjectAccessDecision).ToDictionary(d => d.Key, d => (SubjectAccessDecision)d.Value);
            return TypedResults.Ok(await mediator.Send(new GetUnreadCounts(decisions), ct));
        });
}
