using System.Net;
using System.Net.Sockets;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Testing;
using Microsoft.AspNetCore.Hosting;
using Npgsql;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>Found by the day under faults in CI: a host started again just as PostgreSQL restarted died at once (its
/// start-up migration threw), and stayed dead. A database that is away at the start is waited for.</summary>
public sealed class DatabaseAwayAtStartTests
{
    [Fact]
    public async Task Given_a_database_that_answers_only_after_the_host_starts_When_it_comes_Then_the_host_starts_and_is_ready()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var real = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using var gate = new DatabaseGate(real.Host!, real.Port);
        var throughGate = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = gate.Port, Timeout = 2, Pooling = false }.ConnectionString;

        var factory = new HostFactory().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("Database:ConnectionString", throughGate);
        });
        try
        {
            var starting = Task.Run(() => factory.CreateClient());

            // Not a fixed wait: the host has met the closed door twice (so it tried again) before the database "comes".
            await gate.RefusedAtLeastAsync(2, TimeSpan.FromSeconds(90));
            starting.IsCompleted.ShouldBeFalse("the host waits for its database rather than starting without it");
            gate.Open();

            using var client = await starting.WaitAsync(TimeSpan.FromSeconds(90));
            (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            // The host first, while its connections still reach the database.
            await factory.DisposeAsync();
        }
    }

    /// <summary>A door in front of the real server, on a port of its own from the start (none can take it meanwhile):
    /// closed, it accepts each connection and closes it at once (the server is away); open, it relays to the server.</summary>
    private sealed class DatabaseGate : IAsyncDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource stop = new();
        private readonly List<Task> relays = [];
        private readonly string host;
        private readonly int target;
        private readonly Task accepting;
        private volatile bool open;
        private int refused;

        public DatabaseGate(string host, int target)
        {
            (this.host, this.target) = (host, target);
            listener.Start();
            accepting = AcceptAsync();
        }

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

        public void Open() => open = true;

        public async Task RefusedAtLeastAsync(int count, TimeSpan within)
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (Volatile.Read(ref refused) < count)
            {
                waited.Elapsed.ShouldBeLessThan(within, $"the host tried its database {refused} times");
                await Task.Delay(50);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            listener.Stop();
            await accepting;
            Task[] running;
            lock (relays)
            {
                running = [.. relays];
            }

            await Task.WhenAll(running);
            stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var client = await listener.AcceptTcpClientAsync(stop.Token);
                    if (!open)
                    {
                        Interlocked.Increment(ref refused);
                        client.Dispose();
                        continue;
                    }

                    lock (relays)
                    {
                        relays.Add(RelayAsync(client));
                    }
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }

        private async Task RelayAsync(TcpClient client)
        {
            using (client)
            using (var server = new TcpClient())
            {
                try
                {
                    await server.ConnectAsync(host, target, stop.Token);
                    var a = client.GetStream();
                    var b = server.GetStream();
                    await Task.WhenAny(a.CopyToAsync(b, stop.Token), b.CopyToAsync(a, stop.Token));
                }
                catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
                {
                }
            }
        }
    }
}
