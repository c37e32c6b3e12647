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
        var (sql, table) = ClaimSql<TItem>(db, columns);
        var claimed = await db.Set<TItem>().FromSqlRaw(sql, owner, now + lease, now, batchSize).AsNoTracking().ToListAsync(cancellationToken);
        if (claimed.Count > 0)
        {
            Claimed.Add(claimed.Count, new KeyValuePair<string, object?>("table", table.Replace("\"", "", StringComparison.Ordinal)));
        }

        return claimed;
    }

    /// <summary>The claim statement for the context's provider (parameters: owner, lease end, now, batch size). SQL Server
    /// has no <c>SKIP LOCKED</c>: its form is <c>UPDLOCK, READPAST, ROWLOCK</c> (lock the rows read, pass over rows others
    /// hold) on the rows the update takes, with <c>OUTPUT inserted.*</c> for <c>RETURNING *</c>.</summary>
    public static (string Sql, string Table) ClaimSql<TItem>(ModuleDbContext db, QueueTable columns)
        where TItem : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(columns);
        var entity = db.Model.FindEntityType(typeof(TItem)) ?? throw new InvalidOperationException($"{typeof(TItem).Name} is not mapped in {db.GetType().Name}.");
        var table = db.QualifiedTable(entity);
        string Column(string property) => $"\"{entity.FindProperty(property)!.GetColumnName()}\"";
        var (id, next, lockedBy, lockedUntil) = (Column(columns.Id), Column(columns.NextAttemptAt), Column(columns.LockedBy), Column(columns.LockedUntil));
        var due = $"{columns.Ready} AND {next} <= {{2}} AND ({lockedUntil} IS NULL OR {lockedUntil} < {{2}})";
        if (db.IsSqlServer)
        {
            return ($$"""
                WITH claimed AS (
                    SELECT TOP ({3}) * FROM {{table}} WITH (UPDLOCK, READPAST, ROWLOCK)
                    WHERE {{due}}
                    ORDER BY {{next}})
                UPDATE claimed SET {{lockedBy}} = {0}, {{lockedUntil}} = {1}
                OUTPUT inserted.*
                """, table);
        }

        var rowLock = db.IsSqlite ? "" : "FOR UPDATE SKIP LOCKED";
        return ($$"""
            UPDATE {{table}} SET {{lockedBy}} = {0}, {{lockedUntil}} = {1}
            WHERE {{id}} IN (
                SELECT {{id}} FROM {{table}}
                WHERE {{due}}
                ORDER BY {{next}}
                LIMIT {3}
                {{rowLock}})
            RETURNING *
            """, table);
    }

    /// <summary>What waits in a table that is its own queue (no dead letters: its rows are the work): due, held by a live
    /// lease, and scheduled for later, counted by the same columns and readiness the claim uses.</summary>
    public static async Task<WorkQueueBacklog> BacklogAsync<TItem>(ModuleDbContext db, QueueTable columns, string queueName, DateTime now, CancellationToken cancellationToken)
        where TItem : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(columns);
        var entity = db.Model.FindEntityType(typeof(TItem)) ?? throw new InvalidOperationException($"{typeof(TItem).Name} is not mapped in {db.GetType().Name}.");
        var table = db.QualifiedTable(entity);
        string Column(string property) => $"\"{entity.FindProperty(property)!.GetColumnName()}\"";
        var (next, lockedUntil) = (Column(columns.NextAttemptAt), Column(columns.LockedUntil));
        var free = $"({lockedUntil} IS NULL OR {lockedUntil} < {{0}})";
        var sql = $$"""
            SELECT
                COALESCE(SUM(CASE WHEN {{next}} <= {0} AND {{free}} THEN 1 ELSE 0 END), 0) AS "Due",
                COALESCE(SUM(CASE WHEN {{lockedUntil}} >= {0} THEN 1 ELSE 0 END), 0) AS "InFlight",
                COALESCE(SUM(CASE WHEN {{next}} > {0} AND {{free}} THEN 1 ELSE 0 END), 0) AS "Scheduled",
                MIN(CASE WHEN {{next}} <= {0} AND {{free}} THEN {{next}} END) AS "OldestDue"
            FROM {{table}}
            WHERE {{columns.Ready}} AND {{next}} IS NOT NULL
            """;
        var counts = (await db.Database.SqlQueryRaw<BacklogCounts>(sql, now).ToListAsync(cancellationToken)).Single();
        return new WorkQueueBacklog(queueName, (int)counts.Due, (int)counts.InFlight, (int)counts.Scheduled, DeadLettered: 0, Utc(counts.OldestDue));
    }

    /// <summary>A stored UTC time (the provider reads it back unspecified) as an instant; null stays null.</summary>
    public static DateTimeOffset? Utc(DateTime? value) => value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;

    private sealed record BacklogCounts(long Due, long InFlight, long Scheduled, DateTime? OldestDue);

    /// <summary>Identifies this process's claims in <c>locked_by</c>.</summary>
    public static string NewOwner() => $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
}
