using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.Testing;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Host.Tests;

public abstract class HostTests(PlatformHost host)
{
    [Fact]
    public async Task Given_a_started_host_When_probed_Then_live_and_ready_answer_200()
    {
        var client = host.CreateClient();

        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ready = await client.GetAsync("/health/ready");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task Given_a_started_host_When_the_OpenAPI_UI_is_opened_Then_the_page_and_document_are_served()
    {
        var client = host.CreateClient();

        var ui = await client.GetAsync("/swagger/index.html");
        ui.StatusCode.ShouldBe(HttpStatusCode.OK);
        var document = await client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        document.GetProperty("info").GetProperty("title").GetString().ShouldBe("DigiHelsestasjon");
    }

    [Fact]
    public async Task Given_an_unknown_route_When_called_Then_the_answer_is_problem_details_with_a_stable_code()
    {
        var response = await host.CreateClient().GetAsync("/api/v1/no-such-thing");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("status").GetInt32().ShouldBe(404);
        problem.GetProperty("code").GetString().ShouldBe("not-found");
    }
}

public sealed class HostTests_on_Sqlite(SqliteHost host) : HostTests(host), IClassFixture<SqliteHost>;

public sealed class HostTests_on_Postgres(PostgresHost host) : HostTests(host), IClassFixture<PostgresHost>;

[NeedsSqlServer]
public sealed class HostTests_on_SqlServer(SqlServerHost host) : HostTests(host), IClassFixture<SqlServerHost>;
