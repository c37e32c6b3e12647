using System.Net.Http.Headers;
using System.Net.Http.Json;
using DigiHelsestasjon.Testing;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace DigiHelsestasjon.Web.Tests;

public sealed class OperatorPagesTests(ITestOutputHelper output) : BrowserTest(output)
{
    static OperatorPagesTests() => SetDefaultExpectTimeout(20_000);

    // One attempt, so a failing journal dead-letters at once.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["WorkQueues:epj-delivery:MaxAttempts"] = "1",
        ["WorkQueues:epj-delivery:RetryBaseDelay"] = "00:00:00.100",
    };

    [Fact]
    public async Task Given_a_message_dead_lettered_while_the_journal_failed_When_the_admin_sends_it_again_Then_it_reaches_the_journal()
    {
        var unit = await UnitAsync("visma", "health-station");
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        (await http.PutAsJsonAsync("/simulators/epj/visma/faults", new { latencyMs = 0, errorRate = 1.0, dropAcks = false, duplicateRate = 0.0 })).EnsureSuccessStatusCode();
        var guardian = await Citizens.TokenAsync(http, await Citizens.PidOfAsync(http, "guardian"));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", guardian);
        var me = await http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/me");
        var self = me.GetProperty("representations").EnumerateArray().First(r => r.GetProperty("relation").GetString() == "self").GetProperty("subjectId").GetGuid();
        using (var start = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/subjects/{self}/threads") { Content = JsonContent.Create(new { unitId = unit, subject = "Om svangerskapet", body = "Et spørsmål" }) })
        {
            start.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            (await http.SendAsync(start)).EnsureSuccessStatusCode();
        }

        var admin = await NewPageAsync();
        await LoginAsStaffAsync(admin, "admin", unit);
        await admin.GetByRole(AriaRole.Link, new() { Name = "Meldinger til og fra journalen" }).ClickAsync();
        var items = EpjItems(admin);
        for (var attempt = 0; !await items.IsVisibleAsync() && attempt < 40; attempt++)
        {
            // The item dead-letters in the background; the operator looks again.
            await Task.Delay(250);
            await admin.ReloadAsync();
        }

        await Expect(items).ToContainTextAsync("Stoppet etter mange forsøk");
        await ScreenshotAsync(admin, "staff-epj-dead-letters");

        (await http.PutAsJsonAsync("/simulators/epj/visma/faults", new { latencyMs = 0, errorRate = 0.0, dropAcks = false, duplicateRate = 0.0 })).EnsureSuccessStatusCode();
        await items.GetByRole(AriaRole.Button, new() { Name = "Send på nytt" }).First.ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("Lagt i kø for ny sending.");
        await admin.GetByLabel("Status").SelectOptionAsync("journaled");

        // Until the journaled list holds it, asking again: the list shown just before may still be the dead letters, and on a busy
        // machine the new delivery may finish after the first journaled list was fetched (an Expect alone never asks again).
        for (var attempt = 0; attempt < 120 && !(await items.IsVisibleAsync() && (await items.InnerTextAsync()).Contains("Til journalen: melding fra innbygger", StringComparison.Ordinal)); attempt++)
        {
            await Task.Delay(250);
            await admin.GetByRole(AriaRole.Button, new() { Name = "Oppdater" }).ClickAsync();
        }

        await Expect(items).ToContainTextAsync("Til journalen: melding fra innbygger");
    }

    [Fact]
    public async Task Given_a_municipality_admin_When_she_writes_her_own_text_for_a_kind_of_appointment_Then_it_replaces_the_national_one()
    {
        var admin = await NewPageAsync();
        await LoginAsStaffAsync(admin, "admin", await UnitAsync("visma", "health-station"));
        await admin.GetByRole(AriaRole.Link, new() { Name = "Tekster om timer" }).ClickAsync();
        // Each kind is named in words, not by the journal's phrase.
        var fourWeeks = admin.Locator("li.card").Filter(new() { Has = admin.GetByRole(AriaRole.Heading, new() { Name = "Konsultasjon ved 4 uker", Exact = true }) });
        await Expect(fourWeeks).ToContainTextAsync("Konsultasjon ved 4 veker: helsesjukepleiar", new() { Timeout = 20_000 });
        await fourWeeks.GetByRole(AriaRole.Button, new() { Name = "Endre" }).ClickAsync();
        await fourWeeks.GetByLabel("Konsultasjon ved 4 uker: tekst på bokmål").FillAsync("Hos oss i Fjordvik: ta med helsekortet og kom ti minutter før.");
        await fourWeeks.GetByLabel("Konsultasjon ved 4 uker: tekst på nynorsk").FillAsync("Hjå oss i Fjordvik: ta med helsekortet og kom ti minutt før.");
        await fourWeeks.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();

        var own = admin.Locator("li.card").Filter(new() { HasText = "Hos oss i Fjordvik" });
        await Expect(own).ToContainTextAsync("Kommunens tekst");
        await Expect(own).ToContainTextAsync("Hjå oss i Fjordvik: ta med helsekortet og kom ti minutt før.");
        await Expect(own.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Konsultasjon ved 4 uker");
        await AccessibleAsync(admin, "staff appointment texts");
        await ScreenshotAsync(admin, "staff-appointment-texts");

        await own.GetByRole(AriaRole.Button, new() { Name = "Bruk den nasjonale teksten" }).ClickAsync();
        await Expect(admin.Locator("li.card").Filter(new() { HasText = "Hos oss i Fjordvik" })).ToHaveCountAsync(0);
    }
}
