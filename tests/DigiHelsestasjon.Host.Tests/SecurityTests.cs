using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.EpjIntegration.Contracts;
using DigiHelsestasjon.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>What a probe of the running host found (issue 11), each held by a test over HTTP.</summary>
public sealed class StartupSafetyTests
{
    [Fact]
    public async Task Given_Production_with_the_demo_enabled_When_the_host_starts_Then_it_refuses_with_a_message_naming_the_setting()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var factory = HostIn.Environment("Production", database, [("Demo:Enabled", "true"), .. HostIn.RealIssuer]);

        var refused = Should.Throw<InvalidOperationException>(() => factory.Server);

        refused.Message.ShouldContain("Demo:Enabled");
    }

    [Fact]
    public async Task Given_a_host_that_does_not_migrate_When_the_database_lacks_a_migration_of_this_build_Then_ready_answers_503_until_it_has_it()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (var migrating = HostIn.Environment("Production", database, HostIn.RealIssuer))
        {
            (await migrating.CreateClient().GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        // As if this build brought Calendar's newest migration and nobody has run `migrate` yet.
        var history = ModuleTables.SqliteName("calendar", ModuleTables.HistoryTable);
        var newest = await SqlAsync(database, $"SELECT max(\"MigrationId\") FROM \"{history}\"");
        await SqlAsync(database, $"DELETE FROM \"{history}\" WHERE \"MigrationId\" = '{newest}'");
        await using var host = HostIn.Environment("Production", database, [("Database:MigrateOnStartup", "false"), .. HostIn.RealIssuer]);
        var client = host.CreateClient();

        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        await SqlAsync(database, $"INSERT INTO \"{history}\" (\"MigrationId\", \"ProductVersion\") VALUES ('{newest}', 'migrate')");
        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<object?> SqlAsync(TestDatabase database, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
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
    public async Task Given_Production_without_AllowedHosts_When_the_host_starts_Then_it_refuses_with_a_message_naming_the_setting()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var factory = HostIn.Environment("Production", database, [.. HostIn.RealIssuer, ("AllowedHosts", "*")]);

        var refused = Should.Throw<InvalidOperationException>(() => factory.Server);

        refused.Message.ShouldContain("AllowedHosts");
    }

    [Fact]
    public async Task Given_Production_without_a_real_issuer_When_the_host_starts_Then_start_up_fails_saying_which_setting_is_missing()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var factory = HostIn.Environment("Production", database, HostIn.ProductionAddresses);

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

    [Fact]
    public async Task Given_numbers_of_nobody_a_child_and_an_adult_When_a_youth_grants_a_power_of_attorney_Then_every_answer_is_the_same_and_names_no_one()
    {
        var youth = await Citizens.LoginAsync(host, "youth-16-17");
        var register = host.CreateClient();
        var personas = await register.GetFromJsonAsync<JsonElement>("/simulators/folkeregisteret/personas");
        var stranger = personas.EnumerateArray().First(p => p.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == "stranger"));
        var nobody = DigiHelsestasjon.Simulators.Folkeregisteret.SyntheticFodselsnummer.Create(new DateOnly(1970, 1, 1), new Random(99));
        var numbers = new[] { nobody, await Citizens.PidOfAsync(register, "child-under-12"), await Citizens.PidOfAsync(register, "protected-address"), stranger.GetProperty("pid").GetString()! };

        var answers = new List<(HttpStatusCode Status, string Body)>();
        foreach (var number in numbers)
        {
            var response = await youth.PostAsJsonAsync("/api/v1/me/powers-of-attorney", new { receiverPid = number, scopes = new[] { "appointments.read" } });
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        answers.Select(a => a.Status).Distinct().ShouldBe([HttpStatusCode.Accepted]);
        answers.Select(a => a.Body).Distinct().Count().ShouldBe(1);
        answers[0].Body.ShouldNotContain(stranger.GetProperty("name").GetString()!);
        answers[0].Body.ShouldNotContain("receiverId");
        var listed = (await youth.GetFromJsonAsync<JsonElement>("/api/v1/me/powers-of-attorney")).EnumerateArray().Single();
        listed.GetProperty("receiverName").ValueKind.ShouldBe(JsonValueKind.Null);
        listed.GetProperty("receiverId").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/api/v1/units?municipality=9901")]
    [InlineData("/api/v1/me")]
    [InlineData("/api/v1/no-such-thing")]
    [InlineData("/swagger/index.html")]
    public async Task Given_any_route_When_it_answers_Then_the_browser_is_told_to_use_HTTPS_not_sniff_not_frame_and_not_send_referrers(string route)
    {
        var response = await host.CreateClient().GetAsync(route);

        response.Headers.GetValues("Strict-Transport-Security").Single().ShouldStartWith("max-age=");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("no-referrer");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'none'");
        response.Headers.Contains("Server").ShouldBeFalse();
        if (route.StartsWith("/api", StringComparison.Ordinal))
        {
            response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        }
    }

    [Fact]
    public void Given_the_host_When_Kestrel_serves_Then_it_does_not_name_itself_in_a_Server_header()
    {
        host.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.AddServerHeader.ShouldBeFalse();
    }

    [Fact]
    public async Task Given_a_query_parameter_that_is_not_a_date_When_listing_appointments_Then_400_names_the_field_and_what_it_takes_without_dotnet_type_names()
    {
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var childId = await ChildIdAsync(guardian);

        var response = await guardian.GetAsync($"/api/v1/subjects/{childId}/appointments?from=not-a-date");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldNotContain("DateTimeOffset");
        body.ShouldNotContain("not-a-date");
        body.ShouldNotContain("Failed to bind");
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("errors").GetProperty("from")[0].GetString()!.ShouldContain("ISO 8601");
    }

    [Fact]
    public async Task Given_a_token_for_another_audience_When_it_is_refused_Then_the_challenge_does_not_say_why()
    {
        var client = host.CreateClient();
        client.WithToken(await Citizens.TokenAsync(client, await Citizens.PidOfAsync(client, "stranger"), extra: ("audience", "someone-else")));

        var response = await client.GetAsync("/api/v1/me");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        string.Join(" ", response.Headers.WwwAuthenticate.Select(h => h.ToString())).ShouldNotContain("error_description");
    }

    [Fact]
    public async Task Given_the_simulated_issuers_When_their_signing_keys_are_on_disk_Then_only_the_owner_may_read_them()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no Unix file modes there
        }

        var client = host.CreateClient();
        (await client.GetAsync("/simulators/idporten/jwks")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var keys = System.IO.Directory.GetFiles(Path.Combine(Path.GetTempPath(), "digihelsestasjon-tests", "keys", "simulators"), "*-signing.pem");

        keys.ShouldNotBeEmpty();
        foreach (var key in keys)
        {
            File.GetUnixFileMode(key).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite, key);
        }
    }

    [Fact]
    public async Task Given_a_fresh_machine_When_several_hosts_start_their_simulated_issuers_at_once_Then_they_all_sign_with_one_whole_key()
    {
        var folder = Path.Combine(Path.GetTempPath(), "digihelsestasjon-tests", "fresh-keys-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Test classes start their hosts in parallel: the first to write the key must not leave the others half a file.
            var keyIds = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
                new DigiHelsestasjon.Simulators.IdentityProviders.SimulatedIssuer("idporten", DigiHelsestasjon.Simulators.IdentityProviders.IssuerKind.Citizen, "http://localhost", folder, "digihelsestasjon").KeyId)));

            keyIds.Distinct().ShouldHaveSingleItem("every host publishes and signs with the same key");
            System.IO.Directory.GetFiles(folder).Select(Path.GetFileName).ShouldBe(["idporten-signing.pem"], "no half-written or left-over file");
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    internal static async Task<string> ChildIdAsync(HttpClient guardian) =>
        (await guardian.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("representations").EnumerateArray()
            .First(r => r.GetProperty("relation").GetString() == "child").GetProperty("subjectId").GetString()!;

    [Fact]
    public async Task Given_someone_probing_subject_ids_that_do_not_exist_When_refused_Then_the_access_log_gets_no_rows()
    {
        var stranger = await Citizens.LoginAsync(host, "stranger");
        var before = await AccessLogRowsAsync();

        for (var i = 0; i < 3; i++)
        {
            (await stranger.GetAsync($"/api/v1/subjects/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        (await AccessLogRowsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Given_a_stranger_and_a_parent_refused_again_and_again_When_the_youth_reads_the_log_Then_each_is_one_entry_an_hour_paged_and_filtered()
    {
        var youth = await Citizens.LoginAsync(host, "youth-16-17");
        var youthId = (await youth.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetString();
        var stranger = await Citizens.LoginAsync(host, "stranger");
        var strangerId = (await stranger.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetString();
        var guardian = await Citizens.LoginAsync(host, "guardian");
        for (var i = 0; i < 5; i++)
        {
            (await stranger.GetAsync($"/api/v1/subjects/{youthId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await guardian.GetAsync($"/api/v1/subjects/{youthId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        var byStranger = await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{youthId}/access-log?actor={strangerId}&kind=profile.read");
        byStranger.GetArrayLength().ShouldBe(1);
        byStranger[0].GetProperty("outcome").GetString().ShouldBe("refused");

        var first = await youth.GetAsync($"/api/v1/subjects/{youthId}/access-log?kind=profile.read&pageSize=1");
        var firstPage = await first.Content.ReadFromJsonAsync<JsonElement>();
        firstPage.GetArrayLength().ShouldBe(1);
        var next = first.Headers.GetValues("Link").Single();
        next.ShouldContain("page=2");
        next.ShouldContain("rel=\"next\"");
        var second = await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{youthId}/access-log?kind=profile.read&pageSize=1&page=2");
        second.GetArrayLength().ShouldBe(1);
        second[0].GetProperty("actorId").GetString().ShouldNotBe(firstPage[0].GetProperty("actorId").GetString());

        var later = await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{youthId}/access-log?from={Uri.EscapeDataString(host.Time.GetUtcNow().AddHours(1).ToString("O"))}");
        later.GetArrayLength().ShouldBe(0);
        var tooMany = await youth.GetAsync($"/api/v1/subjects/{youthId}/access-log?pageSize=1000");
        tooMany.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooMany.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("pageSize", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Given_an_appointment_of_a_youth_of_14_When_the_health_service_marks_it_exempt_from_parental_access_Then_the_parent_no_longer_sees_it_and_the_youth_still_does()
    {
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var youthId = Guid.Parse((await guardian.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("representations").EnumerateArray()
            .First(r => r.GetProperty("relation").GetString() == "child" && r.GetProperty("age").GetInt32() is >= 12 and <= 15).GetProperty("subjectId").GetString()!);
        var unitId = (await guardian.GetFromJsonAsync<JsonElement>("/api/v1/units?municipality=9901")).EnumerateArray()
            .First(u => u.GetProperty("type").GetString() == "health-station").GetProperty("unitId").GetGuid();
        var start = host.Time.GetUtcNow().AddDays(4);

        // Straight to the consumers, as the outbox dispatcher would hand them over.
        await PublishAsync(new EpjAppointmentPublished(youthId, unitId, "exemption-test-1", 1, "created", start, start.AddMinutes(30), "Samtale om fritid", "helsesykepleier", "Rom 2", false, "booked"));
        (await AppointmentTypesAsync(guardian, youthId)).ShouldContain("Samtale om fritid");

        await PublishAsync(new EpjParentalAccessExemptionChanged(youthId, "appointment", "exemption-test-1", true));

        (await AppointmentTypesAsync(guardian, youthId)).ShouldNotContain("Samtale om fritid");
        (await AppointmentTypesAsync(await Citizens.LoginAsync(host, "youth-12-15"), youthId)).ShouldContain("Samtale om fritid");
    }

    private async Task PublishAsync(MediatR.INotification integrationEvent)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MediatR.IMediator>().Publish(integrationEvent);
    }

    private static async Task<List<string?>> AppointmentTypesAsync(HttpClient client, Guid subjectId) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{subjectId}/appointments")).EnumerateArray().Select(a => a.GetProperty("type").GetString()).ToList();

    private async Task<long> AccessLogRowsAsync()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(host.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM identity_access_log";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>What differs outside Development and Testing.</summary>
public sealed class ServerEnvironmentSecurityTests(StagingHost host) : IClassFixture<StagingHost>
{
    [Theory]
    [InlineData("/swagger/index.html")]
    [InlineData("/swagger/v1/swagger.json")]
    public async Task Given_a_server_environment_When_the_OpenAPI_UI_or_document_is_asked_for_Then_it_is_not_there(string route)
    {
        (await host.CreateClient().GetAsync(route)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Given_a_configured_public_address_When_a_calendar_feed_is_made_through_another_Host_header_Then_the_link_uses_the_public_address()
    {
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var childId = await SecurityTests.ChildIdAsync(guardian);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/subjects/{childId}/calendar-feed");
        request.Headers.Host = "evil.example";

        var response = await guardian.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!.ShouldStartWith("https://helsestasjon.example.no/calendar/");
    }
}

public sealed class RateLimitTests(LimitedHost host) : IClassFixture<LimitedHost>
{
    private static FormUrlEncodedContent TokenRequest(string pid) =>
        new([new("grant_type", "urn:digihelsestasjon:simulator:testid"), new("pid", pid), new("acr", "idporten-loa-high")]);

    [Fact]
    public async Task Given_a_client_over_its_limit_When_it_asks_a_simulated_issuer_for_another_token_Then_429_says_when_to_retry_and_other_clients_go_on()
    {
        var client = host.CreateClient("10.0.0.1");
        var pid = await Citizens.PidOfAsync(client, "stranger");
        for (var i = 0; i < 3; i++)
        {
            (await client.PostAsync("/simulators/idporten/token", TokenRequest(pid))).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var refused = await client.PostAsync("/simulators/idporten/token", TokenRequest(pid));

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta!.Value.ShouldBeGreaterThan(TimeSpan.Zero);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("too-many-requests");
        (await host.CreateClient("10.0.0.99").PostAsync("/simulators/idporten/token", TokenRequest(pid))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Given_a_client_guessing_calendar_feed_tokens_When_it_goes_over_its_limit_Then_429()
    {
        var client = host.CreateClient("10.0.0.2");
        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync($"/calendar/guess{i}.ics")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        var refused = await client.GetAsync("/calendar/guess.ics");

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter.ShouldNotBeNull();
    }

    [Fact]
    public async Task Given_an_installation_over_its_limit_When_it_posts_to_the_EPJ_inbound_route_Then_429_and_other_installations_go_on()
    {
        var client = host.CreateClient("10.0.0.3");
        HttpRequestMessage Inbound(string installation)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/epj/inbound") { Content = JsonContent.Create(new { }) };
            request.Headers.Add("X-Epj-Installation", installation);
            return request;
        }

        for (var i = 0; i < 2; i++)
        {
            (await client.SendAsync(Inbound("demo-visma"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        (await client.SendAsync(Inbound("demo-visma"))).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await client.SendAsync(Inbound("demo-infodoc"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Given_a_client_making_up_installation_ids_When_it_posts_to_the_EPJ_inbound_route_Then_its_address_limit_applies_to_all_of_them()
    {
        var client = host.CreateClient("10.0.0.6");
        for (var i = 0; i < 3; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/epj/inbound") { Content = JsonContent.Create(new { }) };
            request.Headers.Add("X-Epj-Installation", $"made-up-{i}");
            (await client.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var another = new HttpRequestMessage(HttpMethod.Post, "/api/v1/epj/inbound") { Content = JsonContent.Create(new { }) };
        another.Headers.Add("X-Epj-Installation", "made-up-4");

        (await client.SendAsync(another)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Given_a_logged_in_citizen_over_their_limit_When_they_call_the_API_Then_429_while_another_citizen_on_the_same_address_goes_on()
    {
        var client = host.CreateClient("10.0.0.4");
        var register = host.CreateClient("10.0.0.40");
        client.WithToken(await Citizens.TokenAsync(register, await Citizens.PidOfAsync(client, "guardian")));
        for (var i = 0; i < 4; i++)
        {
            (await client.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var refused = await client.GetAsync("/api/v1/me");

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter.ShouldNotBeNull();
        var other = host.CreateClient("10.0.0.4").WithToken(await Citizens.TokenAsync(register, await Citizens.PidOfAsync(client, "stranger")));
        (await other.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Given_a_youth_granting_powers_of_attorney_again_and_again_When_over_the_limit_Then_429()
    {
        var register = host.CreateClient("10.0.0.5");
        var youth = host.CreateClient("10.0.0.5").WithToken(await Citizens.TokenAsync(register, await Citizens.PidOfAsync(register, "youth-16-17")));
        var nobody = DigiHelsestasjon.Simulators.Folkeregisteret.SyntheticFodselsnummer.Create(new DateOnly(1970, 1, 1), new Random(99));
        for (var i = 0; i < 2; i++)
        {
            (await youth.PostAsJsonAsync("/api/v1/me/powers-of-attorney", new { receiverPid = nobody, scopes = new[] { "appointments.read" } })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        var refused = await youth.PostAsJsonAsync("/api/v1/me/powers-of-attorney", new { receiverPid = nobody, scopes = new[] { "appointments.read" } });

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter.ShouldNotBeNull();
    }
}
