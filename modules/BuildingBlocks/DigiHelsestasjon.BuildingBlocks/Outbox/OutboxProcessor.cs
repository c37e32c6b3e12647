using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.Contracts;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DigiHelsestasjon.BuildingBlocks.Outbox;

/// <summary>The outbox as a work queue: every module's outbox table, claimed by lease, each event published
/// through MediatR in its own scope, failures retried with backoff and dead-lettered in the end.</summary>
public sealed class OutboxQueue(
    IServiceScopeFactory scopes, IEnumerable<ModuleDbContextRegistration> modules, IOptionsMonitor<WorkQueueOptions> options, TimeProvider time, ILogger<OutboxQueue> logger)
    : IWorkQueue
{
    public const string QueueName = "outbox";

    internal static readonly Meter Meter = new("DigiHelsestasjon.Outbox");
    private static readonly Counter<long> Published = Meter.CreateCounter<long>("outbox.published", description: "Integration events published to their handlers.");
    private static readonly Counter<long> Failed = Meter.CreateCounter<long>("outbox.failed", description: "Failed publish attempts (retried, or dead-lettered in the end).");
    private static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("outbox.dead_lettered", description: "Events dead-lettered after their last attempt.");
    private static readonly Histogram<double> Latency = Meter.CreateHistogram<double>(
        "outbox.commit_to_handled", "s", "Seconds from the commit that raised an event to its handlers being done.");

    private static readonly QueueTable Columns = new(
        nameof(OutboxMessage.Id), nameof(OutboxMessage.NextAttemptAt), nameof(OutboxMessage.LockedBy), nameof(OutboxMessage.LockedUntil), OutboxTables.PendingFilter);

    private readonly IReadOnlyList<ModuleDbContextRegistration> registrations = modules.ToList();

    public string Name => QueueName;

    /// <summary>Identifies this process's claims.</summary>
    public string Owner { get; } = DurableClaim.NewOwner();

    private WorkQueueOptions Settings => options.Get(QueueName);

    public async Task<int> ProcessDueAsync(CancellationToken cancellationToken)
    {
        var claimed = 0;
        foreach (var module in registrations)
        {
            claimed += await ProcessBatchAsync(module, cancellationToken);
        }

        return claimed;
    }

    /// <summary>Processes at most one batch of one module's outbox; returns how many rows it claimed.</summary>
    public async Task<int> ProcessBatchAsync(ModuleDbContextRegistration module, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(module);
        var settings = Settings;
        await using var scope = scopes.CreateAsyncScope();
        var db = module.Resolve(scope.ServiceProvider);
        var claimed = await DurableClaim.ClaimAsync<OutboxMessage>(db, Columns, Owner, time.GetUtcNow().UtcDateTime, settings.Lease, settings.BatchSize, cancellationToken);
        var done = new List<Guid>(claimed.Count);
        foreach (var message in claimed.OrderBy(m => m.NextAttemptAt).ThenBy(m => m.OccurredAt))
        {
            try
            {
                await PublishAsync(message, cancellationToken);
                done.Add(message.Id);
                Published.Add(1);
                Latency.Record((time.GetUtcNow().UtcDateTime - message.OccurredAt).TotalSeconds);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                await RecordFailureAsync(db, message, ex, settings, cancellationToken);
            }
        }

        if (done.Count > 0)
        {
            var now = time.GetUtcNow().UtcDateTime;
            await db.Outbox
                .Where(m => done.Contains(m.Id) && m.LockedBy == Owner)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProcessedAt, now).SetProperty(m => m.LockedUntil, (DateTime?)null), cancellationToken);
        }

        return claimed.Count;
    }

    public async Task<WorkQueueBacklog> BacklogAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var (due, inFlight, scheduled, dead) = (0, 0, 0, 0);
        DateTime? oldestDue = null;
        foreach (var module in registrations)
        {
            await using var scope = scopes.CreateAsyncScope();
            var pending = module.Resolve(scope.ServiceProvider).Outbox.AsNoTracking().Where(m => m.ProcessedAt == null);
            inFlight += await pending.CountAsync(m => m.DeadLetteredAt == null && m.LockedUntil != null && m.LockedUntil >= now, cancellationToken);
            due += await pending.CountAsync(m => m.DeadLetteredAt == null && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now), cancellationToken);
            scheduled += await pending.CountAsync(m => m.DeadLetteredAt == null && m.NextAttemptAt > now && (m.LockedUntil == null || m.LockedUntil < now), cancellationToken);
            dead += await pending.CountAsync(m => m.DeadLetteredAt != null, cancellationToken);
            var moduleOldest = await pending
                .Where(m => m.DeadLetteredAt == null && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
                .MinAsync(m => (DateTime?)m.NextAttemptAt, cancellationToken);
            oldestDue = moduleOldest is null || (oldestDue is not null && oldestDue < moduleOldest) ? oldestDue : moduleOldest;
        }

        return new WorkQueueBacklog(QueueName, due, inFlight, scheduled, dead, DurableClaim.Utc(oldestDue));
    }

    public async Task<IReadOnlyList<WorkItemView>> ListAsync(WorkItemFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var now = time.GetUtcNow().UtcDateTime;
        var (from, to) = filter.Window;
        var result = new List<WorkItemView>();
        foreach (var module in registrations.Where(m => filter.Scope is null || m.Schema == filter.Scope))
        {
            await using var scope = scopes.CreateAsyncScope();
            var query = module.Resolve(scope.ServiceProvider).Outbox.AsNoTracking().Where(m => m.OccurredAt >= from && m.OccurredAt < to);
            query = filter.State switch
            {
                WorkItemStates.Pending => query.Where(m => m.ProcessedAt == null && m.DeadLetteredAt == null && (m.LockedUntil == null || m.LockedUntil < now)),
                WorkItemStates.InFlight => query.Where(m => m.ProcessedAt == null && m.DeadLetteredAt == null && m.LockedUntil >= now),
                WorkItemStates.Done => query.Where(m => m.ProcessedAt != null),
                WorkItemStates.DeadLettered => query.Where(m => m.DeadLetteredAt != null),
                _ => query,
            };
            if (filter.Kind is not null)
            {
                query = query.Where(m => m.Type.StartsWith(filter.Kind + ","));
            }

            var rows = await query.OrderByDescending(m => m.OccurredAt).Take(filter.Limit).ToListAsync(cancellationToken);
            result.AddRange(rows.Select(m => View(module.Schema, m, now)));
        }

        return result.OrderByDescending(e => e.CreatedAt).Take(filter.Limit).ToList();
    }

    public async Task<bool> RequeueAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var module in registrations)
        {
            await using var scope = scopes.CreateAsyncScope();
            var updated = await module.Resolve(scope.ServiceProvider).Outbox
                .Where(m => m.Id == id && m.DeadLetteredAt != null)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(m => m.DeadLetteredAt, (DateTime?)null)
                        .SetProperty(m => m.Attempts, 0)
                        .SetProperty(m => m.NextAttemptAt, now)
                        .SetProperty(m => m.LockedUntil, (DateTime?)null),
                    cancellationToken);
            if (updated > 0)
            {
                scope.ServiceProvider.GetService<OutboxSignal>()?.Notify();
                return true;
            }
        }

        return false;
    }

    private static WorkItemView View(string module, OutboxMessage m, DateTime now) => new(
        QueueName, m.Id, m.Type.Split(',')[0], module,
        m.DeadLetteredAt != null ? WorkItemStates.DeadLettered : m.ProcessedAt != null ? WorkItemStates.Done : m.LockedUntil >= now ? WorkItemStates.InFlight : WorkItemStates.Pending,
        null, m.Attempts, Utc(m.OccurredAt), m.ProcessedAt is null && m.DeadLetteredAt is null ? Utc(m.NextAttemptAt) : null,
        m.LockedUntil is { } locked && locked >= now ? Utc(locked) : null, m.LastError);

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private async Task PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var type = IntegrationEventTypes.Resolve(message.Type)
            ?? throw new InvalidOperationException($"Unknown integration event type '{message.Type}'.");
        var integrationEvent = (IIntegrationEvent)(JsonSerializer.Deserialize(message.Payload, type, IntegrationEventTypes.Json)
            ?? throw new InvalidOperationException($"Empty payload for '{message.Type}'."));

        // Each event gets its own scope: handlers and their DbContexts never share state.
        await using var scope = scopes.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        using var activity = Telemetry.PlatformTelemetry.StartQueuedWork($"outbox publish {type.Name}", message.TraceParent)?.SetTag("event.type", type.Name);
        await mediator.Publish(integrationEvent, cancellationToken);
    }

    private async Task RecordFailureAsync(
        ModuleDbContext db, OutboxMessage message, Exception error, WorkQueueOptions settings, CancellationToken cancellationToken)
    {
        var attempts = message.Attempts + 1;
        var now = time.GetUtcNow().UtcDateTime;
        var deadLetter = attempts >= settings.MaxAttempts;
        DateTime? deadLetteredAt = deadLetter ? now : null;
        var next = deadLetter ? message.NextAttemptAt : now + settings.RetryDelay(attempts);

        // Type and message only: a stack trace or payload has no place in an operator's list.
        var text = $"{error.GetType().Name}: {error.Message}";
        var lastError = text.Length > 2000 ? text[..2000] : text;

        await db.Outbox
            .Where(m => m.Id == message.Id && m.LockedBy == Owner)
            .ExecuteUpdateAsync(
                s => s.SetProperty(m => m.Attempts, attempts)
                    .SetProperty(m => m.NextAttemptAt, next)
                    .SetProperty(m => m.LockedUntil, (DateTime?)null)
                    .SetProperty(m => m.DeadLetteredAt, deadLetteredAt)
                    .SetProperty(m => m.LastError, lastError),
                cancellationToken);

        Failed.Add(1);
        if (deadLetter)
        {
            DeadLettered.Add(1);
            logger.LogError(error, "Outbox event {EventId} ({Type}) dead-lettered after {Attempts} attempts", message.Id, message.Type, attempts);
        }
        else
        {
            logger.LogWarning(error, "Outbox event {EventId} ({Type}) failed, attempt {Attempts}; retrying at {Next:o}", message.Id, message.Type, attempts, next);
        }
    }
}
