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
        using var gate = new TcpListener(IPAddress.Loopback, 0);
        gate.Start();
        var port = ((IPEndPoint)gate.LocalEndpoint).Port;
        gate.Stop(); // Nothing listens there yet: the host's first connections are refused.
        var throughGate = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = port, Timeout = 2 }.ConnectionString;

        var factory = new HostFactory().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("Database:ConnectionString", throughGate);
        });
        var starting = Task.Run(() => factory.CreateClient());

        await Task.Delay(TimeSpan.FromSeconds(3));
        starting.IsCompleted.ShouldBeFalse("the host waits for its database rather than starting without it");
        using var opened = new CancellationTokenSource();
        var forwarding = ForwardAsync(port, real.Host!, real.Port, opened.Token);

        try
        {
            using var client = await starting.WaitAsync(TimeSpan.FromSeconds(90));
            (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            // The host first, while its connections still reach the database.
            await factory.DisposeAsync();
            await opened.CancelAsync();
            await forwarding;
        }
    }

    /// <summary>The database "comes": a plain TCP relay on the port the host was told, to the real server.</summary>
    private static async Task ForwardAsync(int port, string host, int target, CancellationToken stop)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        var relays = new List<Task>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop);
                relays.Add(RelayAsync(client, host, target, stop));
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            listener.Stop();
        }

        await Task.WhenAll(relays);
    }

    private static async Task RelayAsync(TcpClient client, string host, int target, CancellationToken stop)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(host, target, stop);
                var a = client.GetStream();
                var b = server.GetStream();
                await Task.WhenAny(a.CopyToAsync(b, stop), b.CopyToAsync(a, stop));
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
            {
            }
        }
    }
}
