using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Testing;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>The platform on a live SQL Server, where one is named (DIGIHELSESTASJON_TEST_SQLSERVER); reported as skipped
/// otherwise. The hosts are made inside each test, so nothing tries to reach a server that is not there.</summary>
public sealed class SqlServerLiveTests
{
    [SqlServerFact]
    public async Task Given_an_empty_SQL_Server_database_When_the_host_starts_Then_every_module_is_migrated_and_nothing_is_pending()
    {
        var host = new SqlServerOverHttp();
        await host.InitializeAsync();
        try
        {
            (await host.Services.GetRequiredService<DatabaseMigrator>().PendingAsync()).ShouldBeEmpty();
            (await host.CreateClient().GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [SqlServerFact]
    public async Task Given_SQL_Server_When_a_parent_writes_to_the_health_station_Then_the_journal_holds_the_message_once_and_the_thread_shows_it_journaled()
    {
        var host = new SqlServerOverHttp();
        await host.InitializeAsync();
        try
        {
            var guardian = await Citizens.LoginAsync(host, "guardian");
            var child = (await (await Citizens.LoginAsync(host, "child-under-12")).GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();
            var body = $"Spørsmål om søvn {Guid.NewGuid():N}";
            var created = await guardian.WithIdempotencyKey().PostAsJsonAsync($"/api/v1/subjects/{child}/threads", new { unitId = DemoUnits.Id("9901", 1), subject = "Søvn", body });
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
            var threadId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("threadId").GetGuid();

            await host.QuietAsync();

            var thread = await guardian.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{child}/threads/{threadId}");
            thread.GetProperty("messages")[0].GetProperty("deliveryState").GetString().ShouldBe("journaled");
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
