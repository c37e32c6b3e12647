using DigiHelsestasjon.BuildingBlocks.Telemetry;
using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DigiHelsestasjon.Notifications.Features;

/// <summary>Due notices as a work queue: claimed by lease (SKIP LOCKED on PostgreSQL), so several hosts never send one
/// notice at once; each is checked again just before it goes, and fails closed.</summary>
internal sealed class NoticeQueue(
    IServiceScopeFactory scopes, TimeProvider time, IOptionsMonitor<WorkQueueOptions> queueOptions, IOptions<NotificationsOptions> options, ILogger<NoticeQueue> logger)
    : IWorkQueue
{
    public const string QueueName = "notifications";

    private static readonly QueueTable Columns = new(
        nameof(Notice.Id), nameof(Notice.NextAttemptAt), nameof(Notice.LockedBy), nameof(Notice.LeaseUntil), $"\"State\" = '{NoticeStates.Planned}'");

    private readonly string owner = DurableClaim.NewOwner();

    public string Name => QueueName;

    private WorkQueueOptions Settings => queueOptions.Get(QueueName);

    public async Task<int> ProcessDueAsync(CancellationToken cancellationToken)
    {
        List<Notice> claimed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            claimed = await DurableClaim.ClaimAsync<Notice>(
                scope.ServiceProvider.GetRequiredService<NotificationsDbContext>(), Columns, owner, time.GetUtcNow().UtcDateTime, Settings.Lease, Settings.BatchSize, cancellationToken);
        }

        foreach (var notice in claimed.OrderBy(n => n.NextAttemptAt))
        {
            await SendAsync(notice.Id, cancellationToken);
        }

        return claimed.Count;
    }

    public async Task<WorkQueueBacklog> BacklogAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var now = time.GetUtcNow().UtcDateTime;
        var notices = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>().Notices.AsNoTracking();
        var planned = notices.Where(n => n.State == NoticeStates.Planned);
        return new WorkQueueBacklog(
            QueueName,
            Due: await planned.CountAsync(n => n.NextAttemptAt <= now && (n.LeaseUntil == null || n.LeaseUntil < now), cancellationToken),
            InFlight: await planned.CountAsync(n => n.LeaseUntil != null && n.LeaseUntil >= now, cancellationToken),
            Scheduled: await planned.CountAsync(n => n.NextAttemptAt > now && (n.LeaseUntil == null || n.LeaseUntil < now), cancellationToken),
            DeadLettered: await notices.CountAsync(n => n.State == NoticeStates.DeadLettered, cancellationToken),
            OldestDueAt: DurableClaim.Utc(await planned.Where(n => n.NextAttemptAt <= now && (n.LeaseUntil == null || n.LeaseUntil < now)).MinAsync(n => (DateTime?)n.NextAttemptAt, cancellationToken)));
    }

    public async Task<IReadOnlyList<WorkItemView>> ListAsync(WorkItemFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var scope = scopes.CreateAsyncScope();
        var now = time.GetUtcNow().UtcDateTime;
        var (from, to) = filter.Window;
        var query = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>().Notices.AsNoTracking().Where(n => n.CreatedAt >= from && n.CreatedAt < to);
        query = filter.State switch
        {
            WorkItemStates.Pending => query.Where(n => n.State == NoticeStates.Planned && (n.LeaseUntil == null || n.LeaseUntil < now)),
            WorkItemStates.InFlight => query.Where(n => n.State == NoticeStates.Planned && n.LeaseUntil >= now),
            WorkItemStates.DeadLettered => query.Where(n => n.State == NoticeStates.DeadLettered),
            WorkItemStates.Done => query.Where(n => n.State != NoticeStates.Planned && n.State != NoticeStates.DeadLettered),
            _ => query,
        };
        query = filter.Kind is null ? query : query.Where(n => n.Kind == filter.Kind);
        var notices = await query.OrderByDescending(n => n.CreatedAt).Take(filter.Limit).ToListAsync(cancellationToken);
        return notices.Select(n => new WorkItemView(
            QueueName, n.Id, n.Kind, n.Channel, n.State switch
            {
                NoticeStates.Planned => n.LeaseUntil >= now ? WorkItemStates.InFlight : WorkItemStates.Pending,
                NoticeStates.DeadLettered => WorkItemStates.DeadLettered,
                _ => WorkItemStates.Done,
            },
            n.DropReason is null ? n.State : $"{n.State}: {n.DropReason}", n.Attempts, new DateTimeOffset(n.CreatedAt, TimeSpan.Zero),
            n.State == NoticeStates.Planned ? new DateTimeOffset(n.NextAttemptAt, TimeSpan.Zero) : null,
            n.LeaseUntil is { } lease && lease >= now ? new DateTimeOffset(lease, TimeSpan.Zero) : null, n.LastError)).ToList();
    }

    public async Task<bool> RequeueAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        return await scope.ServiceProvider.GetRequiredService<UnitOfWork>().ExecuteAsync(
            async () =>
            {
                var notice = await db.Notices.FirstOrDefaultAsync(n => n.Id == id && n.State == NoticeStates.DeadLettered, cancellationToken);
                if (notice is null)
                {
                    return false;
                }

                var now = time.GetUtcNow().UtcDateTime;
                (notice.State, notice.Attempts, notice.NextAttemptAt, notice.LeaseUntil, notice.LockedBy, notice.UpdatedAt) = (NoticeStates.Planned, 0, now, null, null, now);
                notice.LastError = $"Requeued by an operator at {now:u}. Before: {notice.LastError}";
                return true;
            },
            cancellationToken);
    }

    private async Task SendAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
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
                (notice.LeaseUntil, notice.LockedBy, notice.UpdatedAt) = (null, null, time.GetUtcNow().UtcDateTime);
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

        notice.NextAttemptAt = time.GetUtcNow().UtcDateTime + Settings.RetryDelay(notice.Attempts);
    }

    private async Task AttemptAsync(Notice notice, NotificationsDbContext db, IServiceProvider services, CancellationToken cancellationToken)
    {
        var mediator = services.GetRequiredService<IMediator>();
        var now = time.GetUtcNow().UtcDateTime;
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
        notice.SentAt = time.GetUtcNow().UtcDateTime;
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
            notice.NextAttemptAt = time.GetUtcNow().UtcDateTime;
            return;
        }

        notice.State = NoticeStates.Failed;
    }
}
