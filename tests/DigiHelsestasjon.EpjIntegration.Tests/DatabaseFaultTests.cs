using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using DigiHelsestasjon.EpjIntegration.Contracts;
using DigiHelsestasjon.EpjIntegration.Operations;
using DigiHelsestasjon.Identity.Contracts;
using DigiHelsestasjon.Testing;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.EpjIntegration.Tests;

/// <summary>PostgreSQL goes away while the outbox and EPJ delivery have work: every connection is dropped and new
/// ones are refused for a while, as in a restart.</summary>
public sealed class DatabaseFaultTests(PostgresInProcess host) : IClassFixture<PostgresInProcess>
{
    [Fact]
    public async Task Given_work_in_flight_When_PostgreSQL_drops_every_connection_for_a_while_Then_ready_goes_unhealthy_and_back_and_everything_is_delivered_once()
    {
        var client = host.CreateClient();
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var childPid = await Citizens.PidOfAsync(client, "child-under-12");
        var child = (await (await Citizens.LoginAsync(host, "child-under-12")).GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();
        var guardianPid = await Citizens.PidOfAsync(client, "guardian");
        await host.QuietAsync();

        // Accepted work: outbound messages waiting for delivery, appointments waiting in the EPJ module's outbox.
        var messages = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            messages.Add(await RequestMessageAsync(guardianPid, $"Melding {i} før databasen forsvant."));
        }

        var types = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            types.Add($"Kontroll {Guid.NewGuid():N}"[..21]);
            (await client.PostAsJsonAsync("/simulators/epj/visma/appointments", new { pid = childPid, unitId = DemoUnits.Id("9901", 1), start = host.Time.GetUtcNow().AddDays(10 + i), type = types[^1] })).EnsureSuccessStatusCode();
        }

        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A round of processing runs while the database goes away under it.
        var round = ProcessOneRoundAsync();
        await using (await Outage.BeginAsync(host.Database.ConnectionString))
        {
            await round;
            var asked = Stopwatch.StartNew();
            (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            var during = await guardian.GetAsync($"/api/v1/subjects/{child}/appointments");
            asked.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20), "no request waits long for a database that is away");
            ((int)during.StatusCode).ShouldBeGreaterThanOrEqualTo(500);
        }

        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK, "ready again by itself");

        // Claims the dead round held, and retries it scheduled, come due.
        host.Time.Advance(TimeSpan.FromMinutes(30));
        await host.QuietAsync();

        var admin = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9901", 1));
        var items = (await admin.GetFromJsonAsync<List<EpjItemView>>("/api/v1/admin/epj/items"))!;
        var journal = await client.GetFromJsonAsync<JsonElement>($"/simulators/epj/visma/journal?pid={guardianPid}");
        foreach (var message in messages)
        {
            items.Where(i => i.MessageId == message && i.Direction == "outbound").ShouldHaveSingleItem().State.ShouldBe("journaled");
            journal.GetProperty("entries").EnumerateArray().Count(e => e.GetProperty("messageId").GetGuid() == message).ShouldBe(1, "journaled exactly once");
        }

        var appointments = (await (await guardian.GetAsync($"/api/v1/subjects/{child}/appointments")).Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        foreach (var type in types)
        {
            appointments.Count(a => a.GetProperty("type").GetString() == type).ShouldBe(1, "each appointment reaches the calendar once");
        }

        var queues = host.Services.GetRequiredService<WorkQueues>();
        foreach (var queue in queues.All)
        {
            (await queue.BacklogAsync(default)).DeadLettered.ShouldBe(0, $"nothing in {queue.Name} gave up");
        }
    }

    private async Task ProcessOneRoundAsync()
    {
        foreach (var queue in host.Services.GetRequiredService<WorkQueues>().All)
        {
            try
            {
                await queue.ProcessDueAsync(CancellationToken.None);
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                // The database went away under this round: what it claimed stays claimed until its lease runs out.
            }
        }
    }

    private async Task<Guid> RequestMessageAsync(string pid, string body)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var person = (await mediator.Send(new ResolvePersonId(pid))).ShouldNotBeNull();
        var request = new EpjCitizenMessageRequested(Guid.NewGuid(), DemoUnits.Id("9901", 1), person, "self", "Test Testesen", Guid.NewGuid(), null, "Spørsmål", body, []);
        await mediator.Publish(request);
        return request.MessageId;
    }

    /// <summary>Refuses new connections to the test database and drops the platform's open ones (not the server's own
    /// workers, such as autovacuum, which only a superuser may stop), until disposed.</summary>
    private sealed class Outage : IAsyncDisposable
    {
        private readonly string database;

        private Outage(string database) => this.database = database;

        public static async Task<Outage> BeginAsync(string connectionString)
        {
            var outage = new Outage(new NpgsqlConnectionStringBuilder(connectionString).Database!);
            await RunAsync($"ALTER DATABASE \"{outage.database}\" ALLOW_CONNECTIONS false");
            await RunAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{outage.database}' AND usename = current_user AND pid <> pg_backend_pid()");
            return outage;
        }

        public async ValueTask DisposeAsync() => await RunAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");

        private static async Task RunAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(TestDatabase.PostgresServer);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
