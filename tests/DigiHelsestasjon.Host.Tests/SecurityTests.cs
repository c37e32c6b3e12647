using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Testing;
using Microsoft.Extensions.Options;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>What a probe of the running host found (issue 11), each held by a test over HTTP.</summary>
public sealed class StartupSafetyTests
{
    [Fact]
    public async Task Given_Production_with_simulators_enabled_When_the_host_starts_Then_it_refuses_with_a_message_naming_the_setting()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var factory = HostIn.Environment("Production", database, [("Simulators:Enabled", "true"), .. HostIn.RealIssuer]);

        var refused = Should.Throw<InvalidOperationException>(() => factory.Server);

        refused.Message.ShouldContain("Simulators:Enabled");
    }

    [Fact]
    public async Task Given_Production_with_a_demo_EPJ_secret_When_the_host_starts_Then_it_refuses_with_a_message_naming_the_installation()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var factory = HostIn.Environment("Production", database,
            [("Epj:Installations:4601-hspro:SharedSecret", "demo-visma-shared-secret-for-the-simulator-only"), .. HostIn.RealIssuer]);

        var refused = Should.Throw<InvalidOperationException>(() => factory.Server);

        refused.Message.ShouldContain("Epj:Installations:4601-hspro:SharedSecret");
    }

    [Fact]
    public async Task Given_Production_without_a_real_issuer_When_the_host_starts_Then_start_up_fails_saying_which_setting_is_missing()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var factory = HostIn.Environment("Production", database);

        var refused = Should.Throw<OptionsValidationException>(() => factory.Server);

        refused.Message.ShouldContain("Authentication:Issuers:<name>:Issuer");
    }

    [Fact]
    public async Task Given_a_server_environment_that_does_not_mention_simulators_When_someone_asks_a_simulated_issuer_for_a_token_Then_there_is_no_such_issuer()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var factory = HostIn.Environment("Staging", database, HostIn.RealIssuer);
        var client = factory.CreateClient();

        var token = await client.PostAsync("/simulators/idporten/token", new FormUrlEncodedContent([new("grant_type", "urn:digihelsestasjon:simulator:testid"), new("pid", "12345678901")]));

        token.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class SecurityTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    [Theory]
    [InlineData("/health/live", HttpStatusCode.OK)]
    [InlineData("/health/ready", HttpStatusCode.OK)]
    [InlineData("/api/v1/units?municipality=9901", HttpStatusCode.OK)]
    [InlineData("/api/v1/me", HttpStatusCode.Unauthorized)]
    public async Task Given_a_bearer_token_that_is_not_a_JWT_When_any_route_is_called_Then_it_answers_as_for_no_token_and_never_500(string route, HttpStatusCode expected)
    {
        var client = host.CreateClient().WithToken("a.b.c");

        var response = await client.GetAsync(route);

        response.StatusCode.ShouldBe(expected);
    }

    [Fact]
    public async Task Given_a_Feide_token_claiming_ID_porten_level_high_When_a_guardian_reads_a_childs_appointments_Then_401_asks_for_ID_porten_level_high()
    {
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var me = await guardian.GetFromJsonAsync<JsonElement>("/api/v1/me");
        var childId = me.GetProperty("representations").EnumerateArray().First(r => r.GetProperty("relation").GetString() == "child").GetProperty("subjectId").GetString();
        var client = host.CreateClient();
        var feide = client.WithToken(await Citizens.TokenAsync(client, await Citizens.PidOfAsync(client, "guardian"), acr: "idporten-loa-high", issuer: "feide"));

        var response = await feide.GetAsync($"/api/v1/subjects/{childId}/appointments");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("insufficient-assurance");
        (await guardian.GetAsync($"/api/v1/subjects/{childId}/appointments")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
