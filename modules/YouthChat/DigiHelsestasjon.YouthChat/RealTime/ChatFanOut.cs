using System.Data.Common;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.YouthChat.Persistence;
using DigiHelsestasjon.YouthChat.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DigiHelsestasjon.YouthChat.RealTime;

/// <summary>How a committed change reaches the streams on other instances (<c>Modules:YouthChat:FanOut</c>).</summary>
internal enum ChatFanOutMode
{
    /// <summary>One instance (SQLite): the local wake-up is all.</summary>
    None,

    /// <summary>PostgreSQL's <c>NOTIFY youthchat</c>, heard by <see cref="PostgresChatListener"/>.</summary>
    Notify,

    /// <summary>A row in the signals table, polled by <see cref="TableChatListener"/> (SQL Server has no LISTEN/NOTIFY).</summary>
    Table,
}

/// <summary>Tells every host instance that conversations or queues changed, after the change is committed: this
/// process's streams at once, other processes on the same database by <see cref="ChatFanOutMode"/>.</summary>
internal sealed class ChatFanOut(
    ChatSignals signals, DatabaseSettings database, IOptions<YouthChatOptions> options, TimeProvider time,
    ILogger<ChatFanOut> logger) : IAsyncDisposable
{
    public const string Channel = "youthchat";

    /// <summary>Identifies this process's notifications, so it does not wake its own streams twice.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    public ChatFanOutMode Mode { get; } = ModeFor(database.Provider, options.Value.FanOut);

    /// <summary>The configured mode, or the database's default; a mode the database cannot do is refused at start-up.</summary>
    public static ChatFanOutMode ModeFor(DatabaseProvider provider, string? configured) => (configured?.Trim().ToLowerInvariant(), provider) switch
    {
        (null or "", DatabaseProvider.Postgres) => ChatFanOutMode.Notify,
        (null or "", DatabaseProvider.SqlServer) => ChatFanOutMode.Table,
        (null or "", _) or ("none", _) => ChatFanOutMode.None,
        ("notify", DatabaseProvider.Postgres) => ChatFanOutMode.Notify,
        ("table", DatabaseProvider.Postgres or DatabaseProvider.SqlServer) => ChatFanOutMode.Table,
        _ => throw new InvalidOperationException(
            $"Modules:YouthChat:FanOut '{configured}' does not work on {provider}: use 'notify' (PostgreSQL), 'table' (PostgreSQL, SQL Server) or 'none'."),
    };

    // A small pool of its own: a request still holds its unit of work's connection when it notifies, so borrowing from
    // that pool could leave every request waiting for a second connection; and a few are enough (one statement each).
    private readonly NpgsqlDataSource? source = ModeFor(database.Provider, options.Value.FanOut) == ChatFanOutMode.Notify
        ? NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(DatabaseSettings.WithPostgresDefaults(database.ConnectionString)) { MaxPoolSize = 4, MinPoolSize = 0 }.ConnectionString)
        : null;

    // The signals table on a pool of its own too (an application name of its own makes it a separate pool), for the same
    // reason; the listener reads through it as well.
    private readonly DbContextOptions<YouthChatDbContext>? signalOptions = ModeFor(database.Provider, options.Value.FanOut) == ChatFanOutMode.Table
        ? SignalOptions(database)
        : null;

    private static DbContextOptions<YouthChatDbContext> SignalOptions(DatabaseSettings database)
    {
        const string Name = "digihelsestasjon-youthchat-signals";
        var connectionString = database.Provider == DatabaseProvider.SqlServer
            ? new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = Name, MaxPoolSize = 4, MinPoolSize = 0 }.ConnectionString
            : new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = Name, MaxPoolSize = 4, MinPoolSize = 0 }.ConnectionString;
        var builder = new DbContextOptionsBuilder<YouthChatDbContext>();
        PersistenceServiceCollectionExtensions.Configure(builder, database with { ConnectionString = connectionString }, YouthChatDbContext.SchemaName);
        return builder.Options;
    }

    /// <summary>A context on the signals' own pool, outside any unit of work (table mode only).</summary>
    public YouthChatDbContext SignalContext() => new(signalOptions ?? throw new InvalidOperationException("The youth chat's fan-out is not in table mode."));

    public ValueTask DisposeAsync() => source?.DisposeAsync() ?? ValueTask.CompletedTask;

    public async Task ChangedAsync(params Guid[] keys)
    {
        foreach (var key in keys)
        {
            signals.Wake(key);
        }

        try
        {
            switch (Mode)
            {
                case ChatFanOutMode.Notify:
                    await using (var command = source!.CreateCommand("SELECT pg_notify(@channel, @payload)"))
                    {
                        command.Parameters.AddWithValue("channel", Channel);
                        command.Parameters.AddWithValue("payload", $"{InstanceId}|{string.Join(',', keys)}");
                        await command.ExecuteNonQueryAsync();
                    }

                    break;
                case ChatFanOutMode.Table:
                    // The request's unit of work has committed: one short insert of its own.
                    await using (var db = SignalContext())
                    {
                        var now = time.GetUtcNow().UtcDateTime;
                        db.Signals.AddRange(keys.Select(key => new ChatSignal { Instance = InstanceId, Key = key, At = now }));
                        await db.SaveChangesAsync();
                    }

                    break;
            }
        }
        catch (Exception exception) when (exception is DbException or DbUpdateException or InvalidOperationException or TimeoutException)
        {
            // The change is committed (a pool exhausted or a lost connection must not turn it into an error for the
            // caller, who would try again); other instances' streams still read it at their next keep-alive.
            logger.LogWarning("Could not notify other instances of a chat change: {Error}", exception.Message);
        }
    }
}

/// <summary>Listens on <c>youthchat</c> and wakes this process's streams for changes made by other instances.
/// Reconnects after a lost connection and then wakes every stream, since notifications sent meanwhile are lost.</summary>
internal sealed class PostgresChatListener(ChatSignals signals, ChatFanOut fanOut, DatabaseSettings database, ILogger<PostgresChatListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(DatabaseSettings.WithPostgresDefaults(database.ConnectionString))
        {
            // A dedicated connection that waits for notifications: never returned to the pool, never timed out.
            Pooling = false, KeepAlive = 30,
        };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(settings.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => Received(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {ChatFanOut.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                signals.WakeAll();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
            {
                logger.LogWarning("The youth chat's listener lost its database connection; reconnecting: {Error}", exception.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private void Received(string payload)
    {
        var parts = payload.Split('|', 2);
        if (parts.Length != 2 || parts[0] == fanOut.InstanceId)
        {
            return;
        }

        foreach (var key in parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Guid.TryParse(key, out var id))
            {
                signals.Wake(id);
            }
        }
    }
}
