using DigiHelsestasjon.Messaging.Persistence.Entities;

namespace DigiHelsestasjon.Messaging.Features.Threads;

public sealed record AttachmentResponse(Guid AttachmentId, string FileName, string ContentType, long Size);

/// <param name="Direction">to-unit (from the citizen) or from-unit (from the health service).</param>
/// <param name="DeliveryState">For a citizen's message: sent, received, journaled or failed (see DeliveryStates).</param>
/// <param name="Failure">For a failed message: what happened and what to do, in words for the citizen.</param>
public sealed record MessageResponse(
    Guid MessageId, string Direction, string AuthorName, string AuthorRelation, string Body, DateTimeOffset SentAt,
    string DeliveryState, DateTimeOffset? JournaledAt, string? Failure, IReadOnlyList<AttachmentResponse> Attachments);

/// <summary>A thread as the caller may see it. Never the unit's address (a protected-address subject's unit must not
/// be revealed; the public directory has it for everyone else).</summary>
public sealed record ThreadResponse(
    Guid ThreadId, Guid UnitId, string UnitName, string Topic, string Subject, string StartedBy, DateTimeOffset CreatedAt,
    DateTimeOffset LastMessageAt, IReadOnlyList<MessageResponse> Messages);

public sealed record ThreadSummary(
    Guid ThreadId, Guid UnitId, string UnitName, string Topic, string Subject, string StartedBy, DateTimeOffset CreatedAt,
    DateTimeOffset LastMessageAt, int MessageCount, int UnreadCount, string? LastDeliveryState);

/// <summary>The visibility rules of a thread and its messages, in Identity's terms.</summary>
internal static class ThreadAccess
{
    public static ItemProtection Protection(MessageThread thread) => new(thread.ExemptFromParentalAccess, thread.YouthService);

    public static ItemProtection Protection(MessageThread thread, Message message) =>
        new(thread.ExemptFromParentalAccess || message.ExemptFromParentalAccess, thread.YouthService);

    /// <summary>A youth's own contact: with the school health service or HFU, not started by a parent.</summary>
    public static bool IsYouthService(UnitInfo unit, string startedBy) =>
        unit.Type is UnitTypes.SchoolHealth or UnitTypes.YouthClinic && startedBy != "parent";

    /// <summary>May the caller see this thread at all: its own protection, and (for a parent) at least one message that is
    /// not exempt. The same rule for reading, writing into it, uploading to it and replaying a create.</summary>
    public static async Task<bool> VisibleAsync(MessagingDbContext db, MessageThread thread, SubjectAccessDecision access, CancellationToken cancellationToken) =>
        access.MaySee(Protection(thread))
        && (!HidesExempt(access) || await db.Messages.AnyAsync(m => m.ThreadId == thread.Id && !m.ExemptFromParentalAccess, cancellationToken));

    /// <summary>Only the subject's exempt items are hidden, and only from parents.</summary>
    public static bool HidesExempt(SubjectAccessDecision access) => access.ActsAsParent;
}

/// <summary>Turns stored threads into what the caller sees.</summary>
internal sealed class ThreadViews(MessagingDbContext db, IMediator mediator)
{
    public static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public async Task<ThreadResponse> ToResponseAsync(MessageThread thread, SubjectAccessDecision access, CancellationToken cancellationToken)
    {
        var messages = await db.Messages.AsNoTracking().Where(m => m.ThreadId == thread.Id).OrderBy(m => m.SentAt).ToListAsync(cancellationToken);
        var visible = messages.Where(m => access.MaySee(ThreadAccess.Protection(thread, m))).ToList();
        var ids = visible.Select(m => (Guid?)m.Id).ToList();
        var attachments = (await db.Attachments.AsNoTracking().Where(a => ids.Contains(a.MessageId)).ToListAsync(cancellationToken))
            .ToLookup(a => a.MessageId!.Value);
        var unit = await mediator.Send(new GetUnit(thread.UnitId), cancellationToken);
        return new ThreadResponse(
            thread.Id, thread.UnitId, unit?.Name ?? "", thread.Topic, thread.Subject, thread.StartedBy, Utc(thread.CreatedAt),
            Utc(visible.Count > 0 ? visible[^1].SentAt : thread.LastMessageAt),
            visible.Select(m => ToResponse(m, attachments[m.Id])).ToList());
    }

    public static MessageResponse ToResponse(Message m, IEnumerable<Attachment> attachments) => new(
        m.Id, m.Direction, m.AuthorName, m.AuthorRelation, m.Body, Utc(m.SentAt), m.DeliveryState,
        m.JournaledAt is { } journaled ? Utc(journaled) : null, m.FailureReason,
        attachments.OrderBy(a => a.CreatedAt).Select(a => new AttachmentResponse(a.Id, a.FileName, a.ContentType, a.Size)).ToList());
}
