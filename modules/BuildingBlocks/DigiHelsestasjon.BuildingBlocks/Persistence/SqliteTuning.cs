using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DigiHelsestasjon.BuildingBlocks.Persistence;

/// <summary>The embedded default's settings for every connection, and one writer at a time inside the process.
/// <list type="bullet">
/// <item><c>synchronous=NORMAL</c> under WAL: a commit no longer waits for an fsync; the WAL is synced at each checkpoint.
/// A power loss (not a process crash) can lose the last commits before it, never corrupt the file (docs/operations.md).</item>
/// <item><c>busy_timeout</c>: another process (a host command beside the running host) is waited out inside SQLite, in
/// short steps, instead of Microsoft.Data.Sqlite's fixed 150 ms sleeps.</item>
/// <item><c>temp_store=MEMORY</c>: sorts and temporary indexes stay off the disk.</item>
/// <item><c>wal_autocheckpoint=0</c>: no request pays for a checkpoint (copying the WAL into the file and syncing it);
/// <see cref="SqliteCheckpointer"/> does it in the background. When the last connection closes SQLite checkpoints anyway.</item>
/// </list></summary>
public static class SqliteTuning
{
    public const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=0;";

    // SQLite has one writer per file. Within the process, writers queue here (asynchronously, in order) instead of
    // failing with SQLITE_BUSY and sleeping in retries.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>How long a writer waits for the gate before it gives up with a clear error (the command timeout).</summary>
    public static readonly TimeSpan GateTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The write gate of one database file (keyed by the connection string the process uses for it: asked on
    /// every write, so it is not parsed each time).</summary>
    public static SemaphoreSlim WriteGate(string connectionString) =>
        Gates.GetOrAdd(connectionString, _ => new SemaphoreSlim(1, 1));

    /// <summary>Waits for the file's write gate; the caller releases it after commit or rollback.</summary>
    public static async Task<SemaphoreSlim> EnterWriteAsync(string connectionString, CancellationToken cancellationToken)
    {
        var gate = WriteGate(connectionString);
        if (!await gate.WaitAsync(GateTimeout, cancellationToken))
        {
            throw new TimeoutException($"Waited {GateTimeout.TotalSeconds:0} s for the database's write gate; another write in this process did not finish.");
        }

        return gate;
    }

    internal static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}

/// <summary>A connection that applies <see cref="SqliteTuning.Pragmas"/> each time it opens (a pooled handle keeps them,
/// so this is cheap), whoever opens it: the unit of work or EF Core.</summary>
public sealed class TunedSqliteConnection(string connectionString) : SqliteConnection(connectionString)
{
    public override void Open()
    {
        base.Open();
        SqliteTuning.Apply(this);
    }
}

/// <summary>Checkpoints the write-ahead log every second, off the request path (requests run with
/// <c>wal_autocheckpoint=0</c>). PASSIVE: it never waits for or blocks readers and writers; what it cannot copy now it
/// copies next time.</summary>
internal sealed class SqliteCheckpointer(DatabaseSettings database, TimeProvider time, Microsoft.Extensions.Logging.ILogger<SqliteCheckpointer> logger)
    : Microsoft.Extensions.Hosting.BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var connection = new TunedSqliteConnection(database.ConnectionString);
                    await connection.OpenAsync(stoppingToken);
                    await using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                    await command.ExecuteNonQueryAsync(stoppingToken);
                }
                catch (SqliteException exception)
                {
                    // The next tick tries again; a busy file is not an error here.
                    Microsoft.Extensions.Logging.LoggerExtensions.LogDebug(logger, exception, "WAL checkpoint skipped this time");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>The same settings for connections EF Core opens itself (contexts outside a unit of work).</summary>
internal sealed class SqliteTuningInterceptor : DbConnectionInterceptor
{
    public static SqliteTuningInterceptor Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is SqliteConnection and not TunedSqliteConnection)
        {
            SqliteTuning.Apply(connection);
        }
    }

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ConnectionOpened(connection, eventData);
        return Task.CompletedTask;
    }
}
