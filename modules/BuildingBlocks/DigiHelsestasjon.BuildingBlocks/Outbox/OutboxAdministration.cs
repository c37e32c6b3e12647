using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.BuildingBlocks.Outbox;

public enum OutboxState
{
    Pending,
    Processed,
    DeadLettered,
}

/// <summary>One outbox row as an operator sees it: no payload (it may hold personal data).</summary>
public sealed record OutboxEntry(
    string Module, Guid Id, string Type, OutboxState State, int Attempts, DateTimeOffset OccurredAt,
    DateTimeOffset NextAttemptAt, DateTimeOffset? ProcessedAt, DateTimeOffset? DeadLetteredAt, string? LastError);

/// <summary>Lets an operator see what waits, what failed for good, and requeue dead letters.</summary>
public sealed class OutboxAdministration(IServiceScopeFactory scopes, IEnumerable<ModuleDbContextRegistration> modules, TimeProvider time)
{
    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(OutboxState? state, int limit = 200, CancellationToken cancellationToken = default)
    {
        var result = new List<OutboxEntry>();
        foreach (var module in modules)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = module.Resolve(scope.ServiceProvider);
            var query = db.Outbox.AsNoTracking();
            query = state switch
            {
                OutboxState.Pending => query.Where(m => m.ProcessedAt == null && m.DeadLetteredAt == null),
                OutboxState.Processed => query.Where(m => m.ProcessedAt != null),
                OutboxState.DeadLettered => query.Where(m => m.DeadLetteredAt != null),
                _ => query,
            };
            var rows = await query.OrderByDescending(m => m.OccurredAt).Take(limit).ToListAsync(cancellationToken);
            result.AddRange(rows.Select(m => ToEntry(module.Schema, m)));
        }

        return result.OrderByDescending(e => e.OccurredAt).Take(limit).ToList();
    }

    /// <summary>Puts a dead-lettered event back in the queue with a fresh attempt count.
    /// Returns false if no dead letter has that id.</summary>
    public async Task<bool> RequeueAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var module in modules)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = module.Resolve(scope.ServiceProvider);
            var updated = await db.Outbox
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

    private static OutboxEntry ToEntry(string module, OutboxMessage m) => new(
        module, m.Id, m.Type.Split(',')[0], m.DeadLetteredAt != null ? OutboxState.DeadLettered : m.ProcessedAt != null ? OutboxState.Processed : OutboxState.Pending,
        m.Attempts, Utc(m.OccurredAt), Utc(m.NextAttemptAt), m.ProcessedAt is { } p ? Utc(p) : null, m.DeadLetteredAt is { } d ? Utc(d) : null, m.LastError);

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
