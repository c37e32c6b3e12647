using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.Contracts;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DigiHelsestasjon.BuildingBlocks.Outbox;

/// <summary>Claims a batch of one module's outbox rows, publishes each through MediatR, and
/// records the outcome. Safe with several processes on one PostgreSQL database: claims use
/// <c>FOR UPDATE SKIP LOCKED</c> and a lease that expires if the claimer dies.</summary>
public sealed class OutboxProcessor(
    IServiceScopeFactory scopes, IOptions<OutboxOptions> options, TimeProvider time, ILogger<OutboxProcessor> logger)
{
    internal static readonly Meter Meter = new("DigiHelsestasjon.Outbox");
    private static readonly Counter<long> Published = Meter.CreateCounter<long>("outbox.published");
    private static readonly Counter<long> Failed = Meter.CreateCounter<long>("outbox.failed");
    private static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("outbox.dead_lettered");
    private static readonly Histogram<double> Latency = Meter.CreateHistogram<double>("outbox.commit_to_handled", "ms");

    /// <summary>Identifies this process's claims.</summary>
    public string Owner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Processes at most one batch; returns how many rows it claimed.</summary>
    public async Task<int> ProcessBatchAsync(ModuleDbContextRegistration module, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = module.Resolve(scope.ServiceProvider);
        var claimed = await ClaimAsync(db, settings, cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var done = new List<Guid>(claimed.Count);
        foreach (var message in claimed)
        {
            try
            {
                await PublishAsync(message, cancellationToken);
                done.Add(message.Id);
                Published.Add(1);
                Latency.Record((time.GetUtcNow().UtcDateTime - message.OccurredAt).TotalMilliseconds);
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

    private async Task<List<OutboxMessage>> ClaimAsync(ModuleDbContext db, OutboxOptions settings, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var entity = db.Model.FindEntityType(typeof(OutboxMessage))!;
        var table = db.IsSqlite ? $"\"{entity.GetTableName()}\"" : $"\"{entity.GetSchema()}\".\"{entity.GetTableName()}\"";

        // SQLite serialises writers, so the same statement without row locks is safe there.
        var rowLock = db.IsSqlite ? "" : "FOR UPDATE SKIP LOCKED";
        var sql = $$"""
            UPDATE {{table}} SET locked_by = {0}, locked_until = {1}
            WHERE id IN (
                SELECT id FROM {{table}}
                WHERE processed_at IS NULL AND dead_lettered_at IS NULL AND next_attempt_at <= {2}
                  AND (locked_until IS NULL OR locked_until < {2})
                ORDER BY next_attempt_at
                LIMIT {3}
                {{rowLock}})
            RETURNING *
            """;
        var claimed = await db.Outbox
            .FromSqlRaw(sql, Owner, now + settings.Lease, now, settings.BatchSize)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return claimed.OrderBy(m => m.NextAttemptAt).ThenBy(m => m.OccurredAt).ToList();
    }

    private async Task PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var type = IntegrationEventTypes.Resolve(message.Type)
            ?? throw new InvalidOperationException($"Unknown integration event type '{message.Type}'.");
        var integrationEvent = (IIntegrationEvent)(JsonSerializer.Deserialize(message.Payload, type, IntegrationEventTypes.Json)
            ?? throw new InvalidOperationException($"Empty payload for '{message.Type}'."));

        // Each event gets its own scope: handlers and their DbContexts never share state.
        await using var scope = scopes.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        using var activity = new Activity("outbox.publish").SetTag("event.type", type.Name).Start();
        await mediator.Publish(integrationEvent, cancellationToken);
    }

    private async Task RecordFailureAsync(
        ModuleDbContext db, OutboxMessage message, Exception error, OutboxOptions settings, CancellationToken cancellationToken)
    {
        var attempts = message.Attempts + 1;
        var now = time.GetUtcNow().UtcDateTime;
        var deadLetter = attempts >= settings.MaxAttempts;
        DateTime? deadLetteredAt = deadLetter ? now : null;
        var next = deadLetter ? message.NextAttemptAt : now + settings.BackoffAfter(attempts);

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
