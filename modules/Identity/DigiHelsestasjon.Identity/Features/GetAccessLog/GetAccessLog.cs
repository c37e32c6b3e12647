namespace DigiHelsestasjon.Identity.Features.GetAccessLog;

public sealed record AccessLogResponse(DateTimeOffset Time, Guid? ActorId, string ActorName, string Relation, string Action, string Purpose, string Outcome, string System);

/// <summary>One page of the access log; <see cref="More"/> when another page follows.</summary>
public sealed record AccessLogPage(IReadOnlyList<AccessLogResponse> Entries, bool More);

/// <summary>Who accessed the subject's data, newest first (pasientjournalloven § 22), a page at a time,
/// optionally of one actor, one kind of access (the action, for example <c>appointments.read</c>) or a period.</summary>
internal sealed record GetAccessLog(Guid SubjectId, Guid? Actor = null, string? Kind = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int Page = 1, int PageSize = GetAccessLog.DefaultPageSize)
    : IQuery<AccessLogPage>
{
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

        var page = await entries
            .OrderByDescending(e => e.Time).ThenBy(e => e.Id)
            .Skip(checked((int)request.Offset))
            .Take(request.PageSize + 1)
            .ToListAsync(cancellationToken);
        return new AccessLogPage(
            page.Take(request.PageSize).Select(e => new AccessLogResponse(
                new DateTimeOffset(e.Time, TimeSpan.Zero), e.ActorId, e.ActorName, e.Relation, e.Action, e.Purpose, e.Outcome, e.System)).ToList(),
            page.Count > request.PageSize);
    }
}
