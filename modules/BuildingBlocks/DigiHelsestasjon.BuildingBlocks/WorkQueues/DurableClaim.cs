using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DigiHelsestasjon.BuildingBlocks.WorkQueues;

/// <summary>Which columns of a table make it a queue, by the entity's property names (the SQL uses
/// the mapped column names, so each queue keeps its own naming).</summary>
/// <param name="Ready">SQL condition for "waiting to be processed", in the table's own column names.</param>
public sealed record QueueTable(string Id, string NextAttemptAt, string LockedBy, string LockedUntil, string Ready);

/// <summary>The one claim of every queue: due items, oldest first, that no live lease holds, taken with
/// <c>FOR UPDATE SKIP LOCKED</c> so that two instances on one PostgreSQL database never take the same item and
/// never wait for each other. SQLite serialises writers, so the same statement without row locks is safe there.</summary>
public static class DurableClaim
{
    private static readonly System.Diagnostics.Metrics.Meter Meter = new("DigiHelsestasjon.WorkQueues");
    private static readonly System.Diagnostics.Metrics.Counter<long> Claimed = Meter.CreateCounter<long>("workqueue.claimed", description: "Items claimed for processing, by table.");

    public static async Task<List<TItem>> ClaimAsync<TItem>(
        ModuleDbContext db, QueueTable columns, string owner, DateTime now, TimeSpan lease, int batchSize, CancellationToken cancellationToken)
        where TItem : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(columns);
        var entity = db.Model.FindEntityType(typeof(TItem)) ?? throw new InvalidOperationException($"{typeof(TItem).Name} is not mapped in {db.GetType().Name}.");
        var table = db.IsSqlite ? $"\"{entity.GetTableName()}\"" : $"\"{entity.GetSchema()}\".\"{entity.GetTableName()}\"";
        string Column(string property) => $"\"{entity.FindProperty(property)!.GetColumnName()}\"";
        var (id, next, lockedBy, lockedUntil) = (Column(columns.Id), Column(columns.NextAttemptAt), Column(columns.LockedBy), Column(columns.LockedUntil));
        var rowLock = db.IsSqlite ? "" : "FOR UPDATE SKIP LOCKED";
        var sql = $$"""
            UPDATE {{table}} SET {{lockedBy}} = {0}, {{lockedUntil}} = {1}
            WHERE {{id}} IN (
                SELECT {{id}} FROM {{table}}
                WHERE {{columns.Ready}} AND {{next}} <= {2} AND ({{lockedUntil}} IS NULL OR {{lockedUntil}} < {2})
                ORDER BY {{next}}
                LIMIT {3}
                {{rowLock}})
            RETURNING *
            """;
        var claimed = await db.Set<TItem>().FromSqlRaw(sql, owner, now + lease, now, batchSize).AsNoTracking().ToListAsync(cancellationToken);
        if (claimed.Count > 0)
        {
            Claimed.Add(claimed.Count, new KeyValuePair<string, object?>("table", table));
        }

        return claimed;
    }

    /// <summary>Identifies this process's claims in <c>locked_by</c>.</summary>
    public static string NewOwner() => $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
}
