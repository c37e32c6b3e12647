using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DigiHelsestasjon.YouthChat.RealTime;

/// <summary>Tells every host instance that conversations or queues changed, after the change is committed: this
/// process's streams at once, other processes on the same PostgreSQL database through <c>NOTIFY youthchat</c>
/// (<see cref="PostgresChatListener"/>). On SQLite there is one process, so the local wake-up is all.</summary>
internal sealed class ChatFanOut(ChatSignals signals, DatabaseSettings database, ILogger<ChatFanOut> logger) : IAsyncDisposable
{
    public const string Channel = "youthchat";

    /// <summary>Identifies this process's notifications, so it does not wake its own streams twice.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    // A small pool of its own: a request still holds its unit of work's connection when it notifies, so borrowing from
    // that pool could leave every request waiting for a second connection; and a few are enough (one statement each).
    private readonly NpgsqlDataSource? source = database.Provider == DatabaseProvider.Postgres
        ? NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(DatabaseSettings.WithPostgresDefaults(database.ConnectionString)) { MaxPoolSize = 4, MinPoolSize = 0 }.ConnectionString)
        : null;

    public ValueTask DisposeAsync() => source?.DisposeAsync() ?? ValueTask.CompletedTask;

    public async Task ChangedAsync(params Guid[] keys)
    {
        foreach (var key in keys)
        {
            signals.Wake(key);
        }

        if (source is null)
        {
            return;
        }

        try
        {
            await using var command = source.CreateCommand("SELECT pg_notify(@channel, @payload)");
            command.Parameters.AddWithValue("channel", Channel);
            command.Parameters.AddWithValue("payload", $"{InstanceId}|{string.Join(',', keys)}");
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException exception)
        {
            // The change is committed; other instances' streams still read it at their next keep-alive.
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
