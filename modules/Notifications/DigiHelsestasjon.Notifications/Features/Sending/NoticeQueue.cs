using DigiHelsestasjon.BuildingBlocks.Telemetry;
using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using DigiHelsestasjon.Notifications.Persistence.Entities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DigiHelsestasjon.Notifications.Features.Sending;

using DigiHelsestasjon.Notifications.Features.Planning;
using DigiHelsestasjon.Notifications.Features.Templates;

/// <summary>Due notices as a work queue: claimed by lease (SKIP LOCKED on PostgreSQL), so several hosts never send one
/// notice at once; each is checked again just before it goes, and fails closed.</summary>
internal sealed class NoticeQueue(
    IServiceScopeFactory scopes, TimeProvider time, IOptionsMonitor<WorkQueueOptions> queueOptions, IOptions<NotificationsOptions> options, ILogger<NoticeQueue> logger)
    : ItemTableQueue<Notice, NotificationsDbContext>(scopes, time, queueOptions)
{
    public const string QueueName = "notifications";

    private static readonly string[] Dead = [NoticeStates.DeadLettered];

    public override string Name => QueueName;

    protected override string PendingState => NoticeStates.Planned;

    protected override IReadOnlyList<string> DeadStates => Dead;

    protected override string ScopeOf(Notice item) => item.Channel;

    protected override string Detail(Notice item) => item.DropReason is null ? item.State : $"{item.State}: {item.DropReason}";

    protected override Task ProcessAsync(Guid id, CancellationToken cancellationToken) => SendAsync(id, cancellationToken);

    private async Task SendAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<NotificationsDbContext>();
        var notice = await db.Notices.SingleAsync(n => n.Id == id, cancellationToken);
        using var activity = PlatformTelemetry.StartQueuedWork("notice send", notice.TraceParent)?.SetTag("notice.kind", notice.Kind);
        try
        {
            await AttemptAsync(notice, db, services, cancellationToken);
        }
        catch (Exception exception) when (exception is NoticeChannelUnavailableException or HttpRequestException or TimeoutException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Retry(notice, exception.Message);
            logger.LogInformation("Notice {NoticeId} ({Kind}, {Channel}) not sent, attempt {Attempt}: {Error}", notice.Id, notice.Kind, notice.Channel, notice.Attempts, exception.Message);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Retry(notice, $"{exception.GetType().Name}: {exception.Message}");
            logger.LogError(exception, "Notice {NoticeId} ({Kind}) failed on the platform side.", notice.Id, notice.Kind);
        }

        // The attempt's outcome (sent, retry, dead letter) is recorded as one unit, after the channel has answered.
        await services.GetRequiredService<UnitOfWork>().ExecuteAsync(
            () =>
            {
                // A command sent during the attempt that failed (the register away) rolled its unit back and forgot what the
                // scope tracked, this notice too: its outcome must still be recorded.
                if (db.Entry(notice).State == EntityState.Detached)
                {
                    db.Notices.Update(notice);
                }

                (notice.LeaseUntil, notice.LockedBy, notice.UpdatedAt) = (null, null, Time.GetUtcNow().UtcDateTime);
                return Task.CompletedTask;
            },
            cancellationToken);
        NoticeMetrics.Attempted(notice);
        activity?.SetTag("notice.state", notice.State);
    }

    private void Retry(Notice notice, string error)
    {
        notice.Attempts++;
        notice.LastError = error.Length <= 2000 ? error : error[..2000];
        if (notice.Attempts >= Settings.MaxAttempts)
        {
            notice.State = NoticeStates.DeadLettered;
            return;
        }

        notice.NextAttemptAt = Time.GetUtcNow().UtcDateTime + Settings.RetryDelay(notice.Attempts);
    }

    private async Task AttemptAsync(Notice notice, NotificationsDbContext db, IServiceProvider services, CancellationToken cancellationToken)
    {
        var mediator = services.GetRequiredService<IMediator>();
        var now = Time.GetUtcNow().UtcDateTime;
        if (now > notice.SendBy)
        {
            Drop(notice, "too-late");
            return;
        }

        if (await StillHoldsAsync(notice, db, mediator, cancellationToken) is { } reason)
        {
            Drop(notice, reason);
            return;
        }

        var preference = await db.Preferences.AsNoTracking().FirstOrDefaultAsync(p => p.PersonId == notice.RecipientPersonId, cancellationToken);
        if (!notice.Mandatory && notice.Kind == NoticeKinds.Reminder && preference is { Reminders: false })
        {
            Drop(notice, "opted-out");
            return;
        }

        var pid = await mediator.Send(new GetPersonPid(notice.RecipientPersonId), cancellationToken);
        var contact = pid is null ? null : await services.GetRequiredService<IContactRegister>().FindAsync(pid, cancellationToken);
        if (contact is null || (contact.Phone is null && contact.Email is null))
        {
            Drop(notice, "no-contact-details");
            return;
        }

        if (contact.Reserved)
        {
            Drop(notice, "reserved-in-krr");
            return;
        }

        var channel = notice.FellBack ? notice.Channel : preference?.Channel ?? options.Value.DefaultChannel;
        if (notice.FellBack && (channel == NoticeChannels.Sms ? contact.Phone : contact.Email) is null)
        {
            notice.State = NoticeStates.Failed;
            notice.LastError = "The preferred channel failed and the person has no other.";
            return;
        }

        channel = channel == NoticeChannels.Sms && contact.Phone is null ? NoticeChannels.Email
            : channel == NoticeChannels.Email && contact.Email is null ? NoticeChannels.Sms
            : channel;
        notice.Channel = channel;
        if (channel == NoticeChannels.Sms && QuietHours.NextAllowed(now, options.Value) is var allowed && allowed > now)
        {
            if (allowed > notice.SendBy)
            {
                Drop(notice, "too-late");
                return;
            }

            // Postponed, not dropped: the lease is released and the notice is due again when the quiet hours end.
            notice.NextAttemptAt = allowed;
            return;
        }

        var rendered = NoticeTemplates.Render(notice.Kind, preference?.Language ?? "nb", NoticeTemplates.ValuesFor(preference?.Language ?? "nb", notice.Kind == NoticeKinds.Reminder ? notice.AppointmentStart : null));
        if (channel == NoticeChannels.Sms)
        {
            var answer = await services.GetRequiredService<ISmsGateway>().SendAsync($"{notice.Id:N}:sms", contact.Phone!, rendered.Text, cancellationToken);
            if (answer.Accepted)
            {
                Sent(notice, answer.GatewayId);
                return;
            }

            FallBackOrFail(notice, NoticeChannels.Email, contact.Email, answer.Error ?? "The SMS gateway refused the number.");
            return;
        }

        var result = await services.GetRequiredService<EmailSender>().SendAsync(notice.Id, contact.Email!, rendered, cancellationToken);
        if (result == EmailResult.Accepted)
        {
            Sent(notice, null);
            return;
        }

        FallBackOrFail(notice, NoticeChannels.Sms, contact.Phone, "The e-mail relay refused the address for good.");
    }

    /// <summary>Null if the notice still holds; otherwise why not. Fails closed: what cannot be confirmed is not sent.</summary>
    private static async Task<string?> StillHoldsAsync(Notice notice, NotificationsDbContext db, IMediator mediator, CancellationToken cancellationToken)
    {
        var protection = new ItemProtection(notice.ExemptFromParentalAccess, notice.YouthService);
        if (notice.AppointmentId is { } appointmentId)
        {
            var appointment = await db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == appointmentId, cancellationToken);
            if (appointment is null || appointment.Status != "booked")
            {
                return "appointment-cancelled";
            }

            if (appointment.Start != notice.AppointmentStart)
            {
                return "appointment-moved";
            }

            protection = new ItemProtection(appointment.ExemptFromParentalAccess, appointment.YouthService);
        }

        if (notice.Kind == NoticeKinds.MessageFailed)
        {
            return null;
        }

        var recipients = await mediator.Send(new GetNoticeRecipients(notice.SubjectId, protection), cancellationToken);
        return recipients.Any(r => r.PersonId == notice.RecipientPersonId) ? null : "recipient-not-entitled";
    }

    private void Sent(Notice notice, string? gatewayId)
    {
        notice.Attempts++;
        notice.State = NoticeStates.Sent;
        notice.GatewayId = gatewayId;
        notice.SentAt = Time.GetUtcNow().UtcDateTime;
        notice.LastError = null;
    }

    private void Drop(Notice notice, string reason)
    {
        notice.State = NoticeStates.Dropped;
        notice.DropReason = reason;
    }

    /// <summary>The preferred channel refused for good: once to the other channel if the person has one, else failed.</summary>
    private void FallBackOrFail(Notice notice, string other, string? otherAddress, string error)
    {
        notice.Attempts++;
        notice.LastError = error;
        if (!notice.FellBack && otherAddress is not null)
        {
            notice.FellBack = true;
            notice.Channel = other;
            notice.NextAttemptAt = Time.GetUtcNow().UtcDateTime;
            return;
        }

        notice.State = NoticeStates.Failed;
    }
}
