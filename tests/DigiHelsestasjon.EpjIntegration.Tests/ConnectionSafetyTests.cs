using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.EpjIntegration.Contracts;
using DigiHelsestasjon.Testing;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.EpjIntegration.Tests;

public sealed class ConnectionSafetyOverHttpOnSqlite(SqliteOverHttp host) : ConnectionSafetyTests<SqliteOverHttp>(host);

public sealed class ConnectionSafetyOnPostgres(PostgresInProcess host) : ConnectionSafetyTests<PostgresInProcess>(host);

[NeedsSqlServer]
public sealed class ConnectionSafetyOnSqlServer(SqlServerOverHttp host) : ConnectionSafetyTests<SqlServerOverHttp>(host);

/// <summary>What the second probe found in journal connections (issue 29): a refused change that still switched the
/// installation's secret, addresses inside the platform's own network, and connections in test that got live data.</summary>
public abstract class ConnectionSafetyTests<THost>(THost host) : IClassFixture<THost>
    where THost : EpjHost
{
    private const string Connector = "http://localhost/simulators/epj/visma/connector/";

    [Fact]
    public async Task Given_a_unit_connected_with_a_named_secret_When_a_change_naming_a_secret_nobody_configured_is_refused_Then_the_connection_still_passes_its_acceptance_test()
    {
        var (national, unitId) = await NewUnitAsync("9961", "996101");
        (await national.PutAsJsonAsync($"/api/v1/admin/units/{unitId}/epj-connection",
            new { vendor = "visma", baseAddress = Connector, installationId = "probe-9961-visma", secretName = EpjHost.OnboardingSecretName, environment = "test" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var refused = await national.PutAsJsonAsync($"/api/v1/admin/units/{unitId}/epj-connection",
            new { vendor = "visma", baseAddress = Connector, installationId = "probe-9961-visma", secretName = "not-configured", environment = "test" });

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var admin = await Citizens.StaffAsync(host, "admin", unitId);
        var ran = await admin.PostAsync("/api/v1/admin/municipalities/9961/acceptance-tests", null);
        ran.StatusCode.ShouldBe(HttpStatusCode.Created, await ran.Content.ReadAsStringAsync());
        var cases = (await ran.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cases").EnumerateArray().ToList();
        cases.Single(c => c.GetProperty("check").GetString() == "Declares_capabilities_the_platform_can_negotiate").GetProperty("verdict").GetString()
            .ShouldBe("passed", "the journal still takes the platform's signature");
        cases.ShouldNotContain(c => (c.GetProperty("message").GetString() ?? "").Contains("credentials", StringComparison.Ordinal));
    }

    // Issue 29: the connect validator took any http(s) host. Loopback is let through on this host (the simulators live
    // there); everything else inside the platform's network is refused in every spelling (JournalAddressTests: loopback).
    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://0xa9fea9fe/")]
    [InlineData("http://2852039166/")]
    [InlineData("http://0251.0376.0251.0376/")]
    [InlineData("http://[::ffff:169.254.169.254]/")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/")]
    [InlineData("http://[fe80::1]/")]
    [InlineData("http://10.0.0.5:8080/")]
    [InlineData("http://172.16.0.1/")]
    [InlineData("http://192.168.1.1/")]
    [InlineData("http://100.64.0.1/")]
    [InlineData("http://[fd00::1]/")]
    [InlineData("http://[::ffff:10.1.2.3]/")]
    [InlineData("http://[2002:c0a8:101::1]/")]
    [InlineData("http://0.0.0.0:5080/")]
    [InlineData("http://0/")]
    [InlineData("http://[::]/")]
    [InlineData("http://224.0.0.1/")]
    [InlineData("https://admin:secret@journal.example.no/")]
    [InlineData("http://[64:ff9b:1::a9fe:a9fe]/")]
    [InlineData("http://[::ffff:0:a9fe:a9fe]/")]
    [InlineData("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/")]
    public async Task Given_an_address_inside_the_platforms_own_network_When_an_administrator_connects_a_unit_to_it_Then_it_is_refused_naming_baseAddress(string baseAddress)
    {
        var national = await Citizens.StaffAsync(host, "national-admin");
        var unitId = await ScratchUnitAsync(national);

        var response = await national.PutAsJsonAsync($"/api/v1/admin/units/{unitId}/epj-connection",
            new { vendor = "cgm", baseAddress, installationId = "probe-ssrf", secretName = EpjHost.OnboardingSecretName, environment = "test" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("baseAddress", out _).ShouldBeTrue();
    }

    // Issue 29: an acceptance run kept up to 300 characters of whatever the address answered, for the admin to read.
    [Fact]
    public async Task Given_a_connection_whose_address_answers_errors_with_a_body_When_the_acceptance_test_runs_Then_its_results_carry_a_status_but_not_the_body()
    {
        var (national, unitId) = await NewUnitAsync("9962", "996201");
        (await national.PutAsJsonAsync($"/api/v1/admin/units/{unitId}/epj-connection",
            new { vendor = "visma", baseAddress = "http://localhost/no-journal-here/", installationId = "probe-9962", secretName = EpjHost.OnboardingSecretName, environment = "test" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var ran = await (await Citizens.StaffAsync(host, "admin", unitId)).PostAsync("/api/v1/admin/municipalities/9962/acceptance-tests", null);

        ran.StatusCode.ShouldBe(HttpStatusCode.Created);
        var run = await ran.Content.ReadFromJsonAsync<JsonElement>();
        var messages = run.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("message").GetString() ?? "").ToList();
        messages.ShouldContain(m => m.Contains("404", StringComparison.Ordinal), "the status is kept");
        messages.ShouldAllBe(m => !m.Contains("traceId", StringComparison.Ordinal) && !m.Contains("not-found", StringComparison.Ordinal) && !m.Contains('{', StringComparison.Ordinal));
    }

    // Issue 29: a unit connected in test was listed publicly, and a citizen's real message to it reached the test journal.
    [Fact]
    public async Task Given_a_unit_whose_journal_connection_is_in_test_When_a_parent_looks_for_it_and_writes_to_it_Then_it_is_not_offered_and_nothing_reaches_that_journal()
    {
        var (national, unitId) = await NewUnitAsync("9964", "996401");
        (await national.PutAsJsonAsync($"/api/v1/admin/units/{unitId}/epj-connection",
            new { vendor = "visma", baseAddress = Connector, installationId = "probe-9964-visma", secretName = EpjHost.OnboardingSecretName, environment = "test" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var childPid = await Citizens.PidOfAsync(host.CreateClient(), "child-under-12");
        var child = (await (await Citizens.LoginAsync(host, "child-under-12")).GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();
        var text = $"Til en enhet som ikke er i drift ennå {Guid.NewGuid():N}";

        var listed = await host.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/units?municipality=9964");
        using var write = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/subjects/{child}/threads") { Content = JsonContent.Create(new { unitId, subject = "Spørsmål", body = text }) };
        write.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var written = await guardian.SendAsync(write);
        written.StatusCode.ShouldBe(HttpStatusCode.Created, await written.Content.ReadAsStringAsync());
        await host.QuietAsync();

        var journal = await host.CreateClient().GetStringAsync($"/simulators/epj/visma/journal?pid={childPid}");
        journal.ShouldNotContain(text, customMessage: "a live citizen's message never reaches a test journal");
        listed.EnumerateArray().ShouldNotContain(u => u.GetProperty("unitId").GetGuid() == unitId);

        // The second probe: reading vaccinations and test results asked every journal of the child's units, the test one too
        // (the question carries the fødselsnummer). The test journal's address answers nothing, so asking it shows as unreachable.
        (await national.PutAsJsonAsync($"/api/v1/admin/units/{unitId}/epj-connection",
            new { vendor = "visma", baseAddress = "http://localhost/no-journal-here/", installationId = "probe-9964-visma", secretName = EpjHost.OnboardingSecretName, environment = "test" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var scope = host.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<MediatR.IMediator>();
        foreach (var kind in new[] { EpjSelfServiceKinds.Vaccinations, EpjSelfServiceKinds.TestResults })
        {
            var read = await mediator.Send(new GetEpjHealthRecords(child, [unitId], kind));
            read.Unreachable.ShouldBeEmpty($"the test journal is not asked for {kind}");
        }

        var slots = await mediator.Send(new GetEpjFreeSlots(unitId, host.Time.GetUtcNow(), host.Time.GetUtcNow().AddDays(14)));
        slots.Offered.ShouldBeFalse("a test journal's times are not offered");
        slots.Reachable.ShouldBeTrue("nor is it asked for them");
    }

    // Issue 29: a connection whose address changed could be promoted on the strength of a run against the old address.
    [Fact]
    public async Task Given_a_promoted_connection_When_its_address_changes_Then_it_is_back_in_test_and_promotion_needs_a_new_acceptance_test()
    {
        var (national, unitId) = await NewUnitAsync("9965", "996501");
        var admin = await Citizens.StaffAsync(host, "admin", unitId);
        (await national.PutAsJsonAsync($"/api/v1/admin/units/{unitId}/epj-connection",
            new { vendor = "visma", baseAddress = Connector, installationId = "demo-visma", secretName = EpjHost.OnboardingSecretName, environment = "test" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PostAsync("/api/v1/admin/municipalities/9965/acceptance-tests", null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await admin.PostAsJsonAsync($"/api/v1/admin/units/{unitId}/epj-connection/promote", new { confirm = true })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var moved = await national.PutAsJsonAsync($"/api/v1/admin/units/{unitId}/epj-connection",
            new { vendor = "visma", baseAddress = Connector + "v2/", installationId = "demo-visma", secretName = EpjHost.OnboardingSecretName, environment = "test" });

        (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("environment").GetString().ShouldBe("test");
        (await host.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/units?municipality=9965")).EnumerateArray().ShouldNotContain(u => u.GetProperty("unitId").GetGuid() == unitId);
        var promoted = await admin.PostAsJsonAsync($"/api/v1/admin/units/{unitId}/epj-connection/promote", new { confirm = true });
        promoted.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await promoted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("no-acceptance-test");
    }

    // The second probe: a promoted unit whose HER-id changed stayed in production, so live items went to another journal unit.
    [Fact]
    public async Task Given_a_promoted_unit_When_its_HER_id_or_type_changes_Then_its_connection_is_back_in_test_and_it_is_not_offered()
    {
        var (national, unitId) = await NewUnitAsync("9967", "996701");
        var admin = await Citizens.StaffAsync(host, "admin", unitId);
        (await national.PutAsJsonAsync($"/api/v1/admin/units/{unitId}/epj-connection",
            new { vendor = "visma", baseAddress = Connector, installationId = "demo-visma", secretName = EpjHost.OnboardingSecretName, environment = "test" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PostAsync("/api/v1/admin/municipalities/9967/acceptance-tests", null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await admin.PostAsJsonAsync($"/api/v1/admin/units/{unitId}/epj-connection/promote", new { confirm = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var units = () => host.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/units?municipality=9967");
        (await units()).EnumerateArray().ShouldContain(u => u.GetProperty("unitId").GetGuid() == unitId, "promoted, it is offered");

        var renamed = await national.PutAsJsonAsync($"/api/v1/admin/units/{unitId}",
            new { herId = "996702", name = "Probe 9967 helsestasjon", type = "health-station", address = "Torget 1", openingHours = "Man-fre 08:00-15:30", phone = "+47 22 00 99 67" });
        renamed.StatusCode.ShouldBe(HttpStatusCode.NoContent, await renamed.Content.ReadAsStringAsync());

        (await units()).EnumerateArray().ShouldNotContain(u => u.GetProperty("unitId").GetGuid() == unitId, "a new HER-id is another journal unit: back in test");
        var badPhone = await national.PutAsJsonAsync($"/api/v1/admin/units/{unitId}",
            new { herId = "996702", name = "Probe 9967 helsestasjon", type = "health-station", address = "Torget 1", phone = "ring oss" });
        badPhone.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badPhone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("phone", out _).ShouldBeTrue();
    }

    private static int scratchUnits;

    /// <summary>Another unit without a journal in municipality 9963 (made on first use), for tests that must not touch a demo unit.</summary>
    private static async Task<Guid> ScratchUnitAsync(HttpClient national)
    {
        await national.PostAsJsonAsync("/api/v1/admin/municipalities", new { kommunenummer = "9963", name = "Probekommune 9963" }); // 201, or 409 after the first
        var herId = $"9963{Interlocked.Increment(ref scratchUnits):D3}";
        var added = await national.PostAsJsonAsync("/api/v1/admin/municipalities/9963/units",
            new { herId, name = $"Probe {herId}", type = "health-station", address = "Torget 1", openingHours = "Man-fre 08:00-15:30" });
        added.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unitId").GetGuid();
    }

    /// <summary>A new municipality with one health station that the Visma simulator serves in its test environment.</summary>
    private async Task<(HttpClient National, Guid UnitId)> NewUnitAsync(string kommunenummer, string herId)
    {
        var national = await Citizens.StaffAsync(host, "national-admin");
        (await national.PostAsJsonAsync("/api/v1/admin/municipalities", new { kommunenummer, name = $"Probekommune {kommunenummer}" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var added = await national.PostAsJsonAsync($"/api/v1/admin/municipalities/{kommunenummer}/units",
            new { herId, name = $"Probe {kommunenummer} helsestasjon", type = "health-station", address = "Torget 1", openingHours = "Man-fre 08:00-15:30" });
        added.StatusCode.ShouldBe(HttpStatusCode.Created);
        var unitId = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unitId").GetGuid();
        (await host.CreateClient().PostAsJsonAsync("/simulators/epj/visma/units", new { unitId, herId, name = $"Probe {kommunenummer} helsestasjon", type = "health-station" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        return (national, unitId);
    }
}
