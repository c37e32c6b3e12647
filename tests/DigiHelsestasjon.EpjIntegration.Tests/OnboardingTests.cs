using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.Testing;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.EpjIntegration.Tests;

public sealed class OnboardingOverHttpOnSqlite(SqliteOverHttp host) : OnboardingTests<SqliteOverHttp>(host);

public sealed class OnboardingOnPostgres(PostgresInProcess host) : OnboardingTests<PostgresInProcess>(host);

[NeedsSqlServer]
public sealed class OnboardingOnSqlServer(SqlServerOverHttp host) : OnboardingTests<SqlServerOverHttp>(host);

/// <summary>The roll-out handbook's path over HTTP only: a new municipality, a unit, its journal's test environment, an
/// acceptance test, production, and a booking in that journal that a parent then sees.</summary>
public abstract class OnboardingTests<THost>(THost host) : IClassFixture<THost>
    where THost : EpjHost
{
    [Fact]
    public async Task Given_a_national_administrator_When_onboarding_a_municipality_over_HTTP_Then_its_unit_is_tested_promoted_and_a_booking_in_its_journal_reaches_a_parent()
    {
        var national = await Citizens.StaffAsync(host, "national-admin");
        var kommunenummer = "9960";
        (await national.PostAsJsonAsync("/api/v1/admin/municipalities", new { kommunenummer, name = "Nykommune" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await national.PostAsJsonAsync("/api/v1/admin/municipalities", new { kommunenummer, name = "Nykommune" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var badUnit = await national.PostAsJsonAsync($"/api/v1/admin/municipalities/{kommunenummer}/units", new { herId = "996001", name = "Nykommune helsestasjon", type = "clinic", address = "Torget 1" });
        badUnit.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badUnit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(["type"]);
        var added = await national.PostAsJsonAsync($"/api/v1/admin/municipalities/{kommunenummer}/units",
            new { herId = "996001", name = "Nykommune helsestasjon", type = "health-station", address = "Torget 1, Nykommune", openingHours = "Man-fre 08:00-15:30" });
        added.StatusCode.ShouldBe(HttpStatusCode.Created);
        var unitId = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unitId").GetGuid();

        // The vendor sets the unit up in its journal's test environment.
        var client = host.CreateClient();
        (await client.PostAsJsonAsync("/simulators/epj/visma/units", new { unitId, herId = "996001", name = "Nykommune helsestasjon", type = "health-station" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var connector = "http://localhost/simulators/epj/visma/connector/";
        var missing = await national.PutAsJsonAsync($"/api/v1/admin/units/{unitId}/epj-connection",
            new { vendor = "visma", baseAddress = connector, installationId = "nykommune-visma", secretName = "not-configured", environment = "test" });
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "no secret is configured under that name");
        (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("secretName")[0].GetString()!.ShouldContain("Epj:Secrets:not-configured");
        (await national.PutAsJsonAsync($"/api/v1/admin/units/{unitId}/epj-connection",
            new { vendor = "visma", baseAddress = connector, installationId = "demo-visma", environment = "production" })).StatusCode
            .ShouldBe(HttpStatusCode.BadRequest, "production only through promote");
        var connected = await national.PutAsJsonAsync($"/api/v1/admin/units/{unitId}/epj-connection",
            new { vendor = "visma", baseAddress = connector, installationId = "demo-visma", secretName = EpjHost.OnboardingSecretName, environment = "test" });
        connected.StatusCode.ShouldBe(HttpStatusCode.OK);
        var connection = await connected.Content.ReadAsStringAsync();
        connection.ShouldContain("\"environment\":\"test\"");
        connection.ShouldNotContain("secret", Case.Insensitive);

        var admin = await Citizens.StaffAsync(host, "admin", unitId);
        (await admin.PostAsJsonAsync($"/api/v1/admin/units/{unitId}/epj-connection/promote", new { confirm = true })).StatusCode
            .ShouldBe(HttpStatusCode.Conflict, "no acceptance test has run yet");
        var other = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9901", 1));
        (await other.GetAsync($"/api/v1/admin/municipalities/{kommunenummer}/acceptance-tests")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "another municipality's admin");
        (await other.PostAsJsonAsync($"/api/v1/admin/units/{unitId}/epj-connection/promote", new { confirm = true })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var ran = await admin.PostAsync($"/api/v1/admin/municipalities/{kommunenummer}/acceptance-tests", null);
        ran.StatusCode.ShouldBe(HttpStatusCode.Created, await ran.Content.ReadAsStringAsync());
        var run = await ran.Content.ReadFromJsonAsync<JsonElement>();
        run.GetProperty("failed").GetInt32().ShouldBe(0, run.ToString());
        run.GetProperty("passed").GetInt32().ShouldBeGreaterThan(0);
        run.GetProperty("cases").GetArrayLength().ShouldBe(run.GetProperty("passed").GetInt32() + run.GetProperty("failed").GetInt32() + run.GetProperty("skipped").GetInt32());
        run.GetProperty("notVerified").GetArrayLength().ShouldBe(run.GetProperty("skipped").GetInt32(), "every skipped check is named as not verified");
        (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/municipalities/{kommunenummer}/acceptance-tests"))[0].GetProperty("runId").GetGuid()
            .ShouldBe(run.GetProperty("runId").GetGuid(), "the run is kept for the municipality's admin");

        (await admin.PostAsJsonAsync($"/api/v1/admin/units/{unitId}/epj-connection/promote", new { })).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "the admin must confirm");
        var promoted = await admin.PostAsJsonAsync($"/api/v1/admin/units/{unitId}/epj-connection/promote", new { confirm = true });
        promoted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await promoted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("environment").GetString().ShouldBe("production");
        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/municipalities/{kommunenummer}/epj-connection-audit");
        audit.EnumerateArray().Select(a => a.GetProperty("action").GetString()).ShouldBe(["promoted", "connected"]);

        // A booking in the journal now reaches the parent.
        var childPid = await Citizens.PidOfAsync(client, "child-under-12");
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var child = (await (await Citizens.LoginAsync(host, "child-under-12")).GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();
        (await client.PostAsJsonAsync("/simulators/epj/visma/appointments", new { pid = childPid, unitId, start = host.Time.GetUtcNow().AddDays(12), type = "Helsestasjonskonsultasjon" }))
            .EnsureSuccessStatusCode();
        await host.QuietAsync();
        var appointments = await guardian.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{child}/appointments");
        appointments.EnumerateArray().ShouldContain(a => a.ToString().Contains("Nykommune helsestasjon", StringComparison.Ordinal));

        var operatorClient = await Citizens.StaffAsync(host, "operator");
        var health = await operatorClient.GetFromJsonAsync<JsonElement>("/api/v1/admin/epj/connections");
        var mine = health.EnumerateArray().Single(c => c.GetProperty("unitId").GetGuid() == unitId);
        (mine.GetProperty("environment").GetString(), mine.GetProperty("deadLettered").GetInt32()).ShouldBe(("production", 0));
    }
}
