namespace DigiHelsestasjon.Identity.Features.GetAccessLog;

using DigiHelsestasjon.Identity.Persistence.Entities;

/// <param name="Time">When (the latest, for collapsed entries).</param>
/// <param name="Relation">The actor's relation to the subject as the actor acted: <c>self</c>, <c>child</c> (acted as the
/// subject's parent), <c>fullmakt</c>, or <c>none</c> (refused, no relation).</param>
/// <param name="Action">What was done, a stable code the client words (docs/security.md, "The access log in words").</param>
/// <param name="Purpose">Why, in bokmål as the route declared it; the client words <paramref name="Action"/> in the person's form.</param>
/// <param name="ActorRole">Who the actor is to the subject, a code the client words: <c>self</c>, <c>parent</c>,
/// <c>fullmakt-holder</c> or <c>none</c>.</param>
/// <param name="Own">The actor is the person reading the log.</param>
/// <param name="Count">How many consecutive identical entries this one stands for (<c>collapse=true</c>); otherwise 1.</param>
/// <param name="FirstTime">The earliest of them; equal to <paramref name="Time"/> when <paramref name="Count"/> is 1.</param>
public sealed record AccessLogResponse(
    DateTimeOffset Time, Guid? ActorId, string ActorName, string Relation, string Action, string Purpose, string Outcome, string System,
    string ActorRole, bool Own, int Count, DateTimeOffset FirstTime);

/// <summary>One page of the access log; <see cref="More"/> when another page follows.</summary>
public sealed record AccessLogPage(IReadOnlyList<AccessLogResponse> Entries, bool More);

/// <summary>Who accessed the subject's data, newest first (pasientjournalloven § 22), a page at a time,
/// optionally of one actor, one kind of access (the action, for example <c>appointments.read</c>) or a period.</summary>
/// <param name="Viewer">The person reading the log (their own entries are marked, and left out with <paramref name="ExcludeOwn"/>).</param>
/// <param name="Collapse">Consecutive entries of the same actor, relation, action and outcome come as one, with their count
/// and first time: a page polled every two seconds fills no page.</param>
internal sealed record GetAccessLog(
    Guid SubjectId, Guid? Actor = null, string? Kind = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int Page = 1, int PageSize = GetAccessLog.DefaultPageSize,
    Guid? Viewer = null, bool ExcludeOwn = false, bool Collapse = false)
    : IQuery<AccessLogPage>
{
    /// <summary>How many rows a collapsed read looks through at most; a log beyond it ends the listing there (a page of
    /// groups from so deep a log would be an attack, not a reader).</summary>
    public const int MaxRowsCollapsed = 20_000;

    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>Far beyond any subject's log (two million entries at the largest page size), and small enough that the
    /// offset, page times page size, can never wrap to a negative number (PostgreSQL refuses a negative OFFSET: a 500).</summary>
    public const int MaxPage = 10_000;

    /// <summary>The rows before this page, computed in 64 bits; the validator keeps it within an int.</summary>
    public long Offset => (long)(Page - 1) * PageSize;
}

internal sealed class GetAccessLogValidator : IValidator<GetAccessLog>
{
    public IEnumerable<ValidationFailure> Validate(GetAccessLog request)
    {
        if (request.Page is < 1 or > GetAccessLog.MaxPage)
        {
            yield return new ValidationFailure("page", $"Must be from 1 to {GetAccessLog.MaxPage}.");
        }

        if (request.PageSize is < 1 or > GetAccessLog.MaxPageSize)
        {
            yield return new ValidationFailure("pageSize", $"Must be from 1 to {GetAccessLog.MaxPageSize}.");
        }

        if (request.From > request.To)
        {
            yield return new ValidationFailure("from", "Must not be after to.");
        }
    }
}

internal sealed class GetAccessLogHandler(IdentityDbContext db) : IRequestHandler<GetAccessLog, AccessLogPage>
{
    public async Task<AccessLogPage> Handle(GetAccessLog request, CancellationToken cancellationToken)
    {
        var entries = db.AccessLog.AsNoTracking().Where(e => e.SubjectId == request.SubjectId);
        if (request.Actor is { } actor)
        {
            entries = entries.Where(e => e.ActorId == actor);
        }

        if (!string.IsNullOrEmpty(request.Kind))
        {
            entries = entries.Where(e => e.Action == request.Kind);
        }

        if (request.ExcludeOwn && request.Viewer is { } viewer)
        {
            entries = entries.Where(e => e.ActorId != viewer || e.ActorId == null);
        }

        if (request.From is { } from)
        {
            var since = from.UtcDateTime;
            entries = entries.Where(e => e.Time >= since);
        }

        if (request.To is { } to)
        {
            var until = to.UtcDateTime;
            entries = entries.Where(e => e.Time < until);
        }

        var ordered = entries.OrderByDescending(e => e.Time).ThenBy(e => e.Id);
        if (request.Collapse)
        {
            return await CollapsedAsync(ordered, request, cancellationToken);
        }

        var page = await ordered
            .Skip(checked((int)request.Offset))
            .Take(request.PageSize + 1)
            .ToListAsync(cancellationToken);
        return new AccessLogPage([.. page.Take(request.PageSize).Select(e => Response(e, request.Viewer, 1, e.Time))], page.Count > request.PageSize);
    }

    private static async Task<AccessLogPage> CollapsedAsync(IQueryable<AccessLogEntry> ordered, GetAccessLog request, CancellationToken cancellationToken)
    {
        var wanted = request.Offset + request.PageSize + 1;
        var groups = new List<(AccessLogEntry Latest, int Count, DateTime First)>();
        await foreach (var e in ordered.Take(GetAccessLog.MaxRowsCollapsed).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (groups.Count > 0 && Same(groups[^1].Latest, e))
            {
                groups[^1] = (groups[^1].Latest, groups[^1].Count + 1, e.Time);
                continue;
            }

            if (groups.Count == wanted)
            {
                break;
            }

            groups.Add((e, 1, e.Time));
        }

        return new AccessLogPage(
            [.. groups.Skip((int)request.Offset).Take(request.PageSize).Select(g => Response(g.Latest, request.Viewer, g.Count, g.First))],
            groups.Count > request.Offset + request.PageSize);
    }

    private static bool Same(AccessLogEntry a, AccessLogEntry b) =>
        a.ActorId == b.ActorId && a.Relation == b.Relation && a.Action == b.Action && a.Outcome == b.Outcome && a.System == b.System;

    private static AccessLogResponse Response(AccessLogEntry e, Guid? viewer, int count, DateTime first) => new(
        new DateTimeOffset(e.Time, TimeSpan.Zero), e.ActorId, e.ActorName, e.Relation, e.Action, e.Purpose, e.Outcome, e.System,
        e.Relation switch { Relations.Self => "self", Relations.Child => "parent", Relations.Fullmakt => "fullmakt-holder", _ => "none" },
        viewer is not null && e.ActorId == viewer, count, new DateTimeOffset(first, TimeSpan.Zero));
}
