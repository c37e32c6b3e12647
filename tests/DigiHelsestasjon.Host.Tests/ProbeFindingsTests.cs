using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.Testing;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>What the second probe of the running host found (issue 29) in the host itself: errors for clients that do
/// not take JSON. The login's return address is in <see cref="WebSessionTests"/>.</summary>
public sealed class ErrorsForAnyAcceptTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    // A calendar app polling a revoked feed, the chat's event stream after quick exit, and other Accept values a client may send.
    [Theory]
    [InlineData("/calendar/revoked-feed-token.ics", "text/calendar")]
    [InlineData("/calendar/revoked-feed-token.ics", "text/html")]
    [InlineData("/calendar/revoked-feed-token.ics", "image/png")]
    [InlineData("/calendar/revoked-feed-token.ics", "application/xml")]
    [InlineData("/calendar/revoked-feed-token.ics", "application/json;q=0, text/plain")]
    [InlineData("/api/v1/youth-chat/conversations/00000000-0000-0000-0000-000000000029/events", "text/event-stream")]
    [InlineData("/api/v1/youth-chat/conversations/00000000-0000-0000-0000-000000000029", "text/plain")]
    public async Task Given_a_client_that_does_not_take_JSON_When_what_it_asks_for_is_not_there_Then_it_gets_404_and_no_error_of_the_server(string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Clear();
        request.Headers.TryAddWithoutValidation("Accept", accept);

        var response = await host.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("   at ", customMessage: "no stack trace");
    }

    [Fact]
    public async Task Given_a_client_that_takes_JSON_When_what_it_asks_for_is_not_there_Then_it_still_gets_problem_details()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/calendar/revoked-feed-token.ics");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var response = await host.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}

/// <summary>Issue 29: a journal connection's address could be loopback in any spelling. Off the simulators' machine
/// (<c>Epj:AllowLocalJournalAddresses</c> false, the default) every spelling is refused.</summary>
public sealed class JournalAddressTests(StrictJournalAddressesHost host) : IClassFixture<StrictJournalAddressesHost>
{
    [Theory]
    [InlineData("http://localhost:5080/")]
    [InlineData("http://LOCALHOST./")]
    [InlineData("http://journal.localhost/")]
    [InlineData("http://127.0.0.1:5432/")]
    [InlineData("http://127.1/")]
    [InlineData("http://127.255.255.254/")]
    [InlineData("http://2130706433/")]
    [InlineData("http://0x7f000001/")]
    [InlineData("http://0177.0.0.1/")]
    [InlineData("http://[::1]:5080/")]
    [InlineData("http://[0:0:0:0:0:0:0:1]/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    [InlineData("http://[::ffff:7f00:1]/")]
    [InlineData("http://[::127.0.0.1]/")]
    [InlineData("https://journal.example.no@127.0.0.1/")]
    [InlineData("http://0.0.0.0/")]
    public async Task Given_a_loopback_address_in_any_spelling_When_an_administrator_connects_a_unit_to_it_Then_it_is_refused_naming_baseAddress(string baseAddress)
    {
        var national = await Citizens.StaffAsync(host, "national-admin");

        var response = await national.PutAsJsonAsync($"/api/v1/admin/units/{DemoUnit}/epj-connection",
            new { vendor = "visma", baseAddress, installationId = "probe-loopback", secretName = "probe", environment = "test" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("baseAddress", out _).ShouldBeTrue();
    }

    private static Guid DemoUnit => DemoUnits.Id("9902", 1);
}

/// <summary>Issue 29: a cancellation's reason, an appointment text's phrase and text, self-booking kinds and a unit's
/// opening hours took control characters. One rule now covers every text a route takes (FreeTextRule; the architecture
/// test finds routes and body fields that escape it).</summary>
public sealed class FreeTextTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    [Fact]
    public async Task Given_text_with_control_characters_in_fields_that_had_no_rule_When_sent_Then_each_is_refused_naming_its_field()
    {
        var unitId = DemoUnits.Id("9901", 1);
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var child = (await guardian.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("representations").EnumerateArray()
            .First(r => r.GetProperty("relation").GetString() == "child").GetProperty("subjectId").GetString();
        var admin = await Citizens.StaffAsync(host, "admin", unitId);
        var national = await Citizens.StaffAsync(host, "national-admin");

        await ShouldNameAsync(await guardian.PostAsJsonAsync($"/api/v1/subjects/{child}/appointments/{Guid.NewGuid()}/cancellation", new { reason = "Syk\u0007" }), "reason");
        await ShouldNameAsync(await admin.PutAsJsonAsync($"/api/v1/admin/municipalities/9901/self-booking/{unitId}", new { kinds = new[] { "Helsesjekk", "Samtale\u0000" } }), "kinds[1]");
        await ShouldNameAsync(await admin.PutAsJsonAsync("/api/v1/admin/municipalities/9901/appointment-information/Vaksine", new { text = "Ta med\u001b[31m kortet" }), "text");
        await ShouldNameAsync(await admin.PutAsJsonAsync("/api/v1/admin/municipalities/9901/appointment-information/Vak%1Bsine", new { text = "Ta med kortet" }), "match");
        await ShouldNameAsync(await national.PostAsJsonAsync("/api/v1/admin/municipalities/9901/units",
            new { herId = "990199", name = "Ny helsestasjon", type = "health-station", address = "Torget 1", openingHours = "Man\u0008-fre 08-15\u202E" }), "openingHours");
    }

    [Fact]
    public async Task Given_an_admin_with_a_bad_reminder_lead_time_When_saving_Then_the_answer_names_that_value_by_its_place_and_why()
    {
        var admin = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9901", 1));
        object Policies(object leadTimes) => new
        {
            cancellationNeedsApproval = false, cancellationDeadlineHours = 24, reminderLeadTimesHours = leadTimes, chatOpeningHours = Array.Empty<object>(), chatRetentionHours = 24, enabledModules = new[] { "Calendar" },
        };

        var outOfRange = await admin.PutAsJsonAsync("/api/v1/admin/municipalities/9901/policies", Policies(new[] { 48, 2, 5000 }));
        var notANumber = await admin.PutAsJsonAsync("/api/v1/admin/municipalities/9901/policies", Policies(new object[] { 48, 2, "to dager" }));

        outOfRange.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await outOfRange.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("reminderLeadTimesHours[2]")[0].GetString()!.ShouldContain("Between 1 and 336 hours");
        notANumber.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await notANumber.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("reminderLeadTimesHours[2]")[0].GetString().ShouldBe("Expected a whole number.");
    }

    private static async Task ShouldNameAsync(HttpResponseMessage response, string field)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(field);
    }
}
