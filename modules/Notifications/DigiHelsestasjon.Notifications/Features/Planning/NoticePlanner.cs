using DigiHelsestasjon.BuildingBlocks.Telemetry;
using DigiHelsestasjon.Notifications.Persistence.Entities;

namespace DigiHelsestasjon.Notifications.Features.Planning;

/// <summary>What a notice is about, when it is due and until when it may go. <paramref name="ActedBy"/>: the person who
/// just did what the notice would tell them of (a cancellation the journal took at once): they get none.</summary>
internal sealed record NoticePlan(
    string Kind, string SourceKey, Guid SubjectId, Guid UnitId, ItemProtection Protection, DateTime DueAt, DateTime SendBy,
    Guid? AppointmentId = null, DateTime? AppointmentStart = null, Guid? ActedBy = null);

/// <summary>Plans one notice per entitled recipient (Identity's <c>GetNoticeRecipients</c>: parents of children under 16
/// within the representation rules, never about a 12-15-year-old's own contacts or exempt items, never a
/// protected-address parent; the person themself from 16), except the one who acted. A plan seen before (same source, same recipient) adds nothing.</summary>
internal sealed class NoticePlanner(NotificationsDbContext db, IMediator mediator, TimeProvider time)
{
    public async Task PlanAsync(NoticePlan plan, CancellationToken cancellationToken, IReadOnlyList<Guid>? onlyTo = null)
    {
        var recipients = onlyTo ?? (await mediator.Send(new GetNoticeRecipients(plan.SubjectId, plan.Protection), cancellationToken)).Select(r => r.PersonId).ToList();
        var mandatory = NoticeKinds.Mandatory.Contains(plan.Kind);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var recipient in recipients.Distinct().Where(r => r != plan.ActedBy))
        {
            if (!mandatory && plan.Kind == NoticeKinds.Reminder
                && await db.Preferences.AsNoTracking().AnyAsync(p => p.PersonId == recipient && !p.Reminders, cancellationToken))
            {
                continue;
            }

            // Most plans seen again (a redelivered event, a change that keeps the time) are found by this look, without a conflict.
            if (db.Notices.Local.Any(n => n.SourceKey == plan.SourceKey && n.RecipientPersonId == recipient)
                || await db.Notices.AnyAsync(n => n.SourceKey == plan.SourceKey && n.RecipientPersonId == recipient, cancellationToken))
            {
                continue;
            }

            var notice = new Notice
            {
                Id = Guid.NewGuid(), Kind = plan.Kind, SourceKey = plan.SourceKey, SubjectId = plan.SubjectId, RecipientPersonId = recipient, UnitId = plan.UnitId,
                AppointmentId = plan.AppointmentId, AppointmentStart = plan.AppointmentStart, ExemptFromParentalAccess = plan.Protection.ExemptFromParentalAccess,
                YouthService = plan.Protection.YouthService, Mandatory = mandatory, State = NoticeStates.Planned, DueAt = plan.DueAt, NextAttemptAt = plan.DueAt,
                SendBy = plan.SendBy, CreatedAt = now, UpdatedAt = now, TraceParent = PlatformTelemetry.CurrentTraceParent(),
            };

            // The same plan from two events at once (a booking and its first change, on two hosts) adds one notice.
            await db.InsertIfAbsentAsync(notice, cancellationToken);
        }
    }

    /// <summary>Drops what is still planned for an appointment (moved or cancelled), with the reason.</summary>
    public async Task DropPlannedAsync(Guid appointmentId, string reason, Func<Notice, bool> which, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var planned = await db.Notices.Where(n => n.AppointmentId == appointmentId && n.State == NoticeStates.Planned).ToListAsync(cancellationToken);
        foreach (var notice in planned.Where(which))
        {
            notice.State = NoticeStates.Dropped;
            notice.DropReason = reason;
            notice.UpdatedAt = now;
        }
    }
}
