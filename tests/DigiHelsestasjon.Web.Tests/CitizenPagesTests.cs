using System.Text.Json;
using Microsoft.Playwright;
using Shouldly;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace DigiHelsestasjon.Web.Tests;

public sealed class CitizenPagesTests(ITestOutputHelper output) : BrowserTest(output)
{
    /// <summary>The demo child's next consultation (docs/simulators.md, "The demo family").</summary>
    private const string FourYearCheck = "Konsultasjon 4 år";

    static CitizenPagesTests() => SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task Given_a_guardian_When_she_cancels_her_childs_Visma_appointment_in_the_browser_Then_she_sees_it_cancelled()
    {
        var page = await NewPageAsync();
        await LoginAsCitizenAsync(page, "guardian");
        await ScreenshotAsync(page, "citizen-choose-whom");
        await OpenChildAsync(page);
        var card = await AppointmentCardAsync(page, "visma");

        await card.GetByRole(AriaRole.Button, new() { Name = "Avbestill timen" }).ClickAsync();
        await card.GetByLabel("Hvorfor avbestiller du?").FillAsync("Vi er bortreist");
        await ScreenshotAsync(page, "citizen-cancel");
        await card.GetByRole(AriaRole.Button, new() { Name = "Bekreft avbestilling" }).ClickAsync();

        await Expect(AppointmentState(card)).ToHaveTextAsync("Avbestilt");
        await ScreenshotAsync(page, "citizen-appointments");
    }

    [Fact]
    public async Task Given_a_guardian_at_InfoDoc_When_she_cancels_Then_the_page_shows_requested_until_the_health_station_decides()
    {
        // The demo family lives in Fjordvik (Visma); InfoDoc's health station books the child here, as a family that moved would be.
        var personas = await GetJsonAsync("/simulators/folkeregisteret/personas");
        var childPid = personas.EnumerateArray().First(p => p.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == "child-under-12")).GetProperty("pid").GetString()!;
        var nordli = (await GetJsonAsync("/simulators/epj/infodoc/units")).EnumerateArray().First(u => u.GetProperty("type").GetString() == "health-station").GetProperty("unitId").GetGuid();
        await PostJsonAsync("/simulators/epj/infodoc/appointments", new { pid = childPid, unitId = nordli, start = DateTimeOffset.UtcNow.AddDays(9), type = FourYearCheck });
        var page = await NewPageAsync();
        await LoginAsCitizenAsync(page, "guardian");
        await OpenChildAsync(page);
        var card = await AppointmentCardAsync(page, "infodoc");

        await card.GetByRole(AriaRole.Button, new() { Name = "Avbestill timen" }).ClickAsync();
        await card.GetByLabel("Hvorfor avbestiller du?").FillAsync("Syk");
        await card.GetByRole(AriaRole.Button, new() { Name = "Bekreft avbestilling" }).ClickAsync();
        await Expect(AppointmentState(card)).ToHaveTextAsync("Avbestilling sendt – venter på svar");

        // The health station decides in its journal (the simulator's control API acts as the staff).
        var epjId = await CancellationInJournalAsync("infodoc", "Syk");
        await PostJsonAsync($"/simulators/epj/infodoc/cancellations/{epjId}/decision", new { accept = true });

        await Expect(AppointmentState(card)).ToHaveTextAsync("Avbestilt");
    }

    [Fact]
    public async Task Given_a_guardian_When_she_cancels_with_the_keyboard_alone_Then_the_appointment_is_cancelled()
    {
        var page = await NewPageAsync();
        await LoginAsCitizenAsync(page, "guardian");
        await OpenChildAsync(page);
        var card = await AppointmentCardAsync(page, "visma");

        var unit = await UnitNameAsync("visma", "health-station");
        await TabToAsync(page, "Avbestill timen", unit);
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.TypeAsync("Syk");
        await TabToAsync(page, "Bekreft avbestilling", unit);
        await page.Keyboard.PressAsync("Enter");

        await Expect(AppointmentState(card)).ToHaveTextAsync("Avbestilt");
    }

    [Fact]
    public async Task Given_a_guardian_When_she_writes_to_the_health_station_Then_she_sees_the_message_become_journaled()
    {
        var page = await NewPageAsync();
        await LoginAsCitizenAsync(page, "guardian");
        await OpenChildAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Meldinger" }).ClickAsync();
        await ScreenshotAsync(page, "citizen-messages");
        await page.GetByRole(AriaRole.Link, new() { Name = "Ny melding" }).ClickAsync();

        var unit = await UnitNameAsync("visma", "health-station");
        await page.GetByLabel("Kommune").SelectOptionAsync(new SelectOptionValue { Label = "Fjordvik kommune" });
        await page.GetByLabel("Til").SelectOptionAsync(new SelectOptionValue { Label = unit });
        await page.GetByLabel("Emne").FillAsync("Spørsmål om vaksine");
        await page.GetByLabel("Melding", new() { Exact = true }).FillAsync("Kan vi ta vaksinen på neste kontroll?");
        // A file can go with a new thread too.
        var card = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();
        await page.Locator("#new-attachment").SetInputFilesAsync(new FilePayload { Name = "vaksinekort.pdf", MimeType = "application/pdf", Buffer = card });
        await ScreenshotAsync(page, "citizen-new-message");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Spørsmål om vaksine" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "vaksinekort.pdf" })).ToBeVisibleAsync();
        await Expect(DeliveryState(page, "Lagt i journalen").First).ToBeVisibleAsync();
        await ScreenshotAsync(page, "citizen-thread");

        // A reply with a file, and the file back (a download needs the session's header, so it is fetched, not linked).
        var pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();
        await page.GetByLabel("Svar").FillAsync("Her er helsekortet.");
        await page.Locator("#attachment").SetInputFilesAsync(new FilePayload { Name = "helsekort.pdf", MimeType = "application/pdf", Buffer = pdf });
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        var file = page.GetByRole(AriaRole.Button, new() { Name = "helsekort.pdf" });
        await Expect(file).ToBeVisibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => file.ClickAsync());
        download.SuggestedFilename.ShouldBe("helsekort.pdf");
        (await File.ReadAllBytesAsync((await download.PathAsync())!)).ShouldBe(pdf);

        // A file without words may go; the field is empty afterwards, so it is not sent twice by mistake.
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        await page.Locator("#attachment").SetInputFilesAsync(new FilePayload { Name = "utslett.png", MimeType = "image/png", Buffer = png });
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "utslett.png" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Vedlegg: utslett.png")).ToBeVisibleAsync();
        await Expect(page.Locator("#attachment")).ToHaveValueAsync("");
        await Expect(page.GetByText("Meldingen er sendt.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Given_a_guardian_When_she_opens_her_childs_access_log_and_makes_a_calendar_link_Then_her_own_reads_are_listed_and_the_link_can_be_revoked()
    {
        var page = await NewPageAsync();
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await LoginAsCitizenAsync(page, "guardian");
        await OpenChildAsync(page);
        // The appointment list answered, so its read is logged (on a busy machine the click could otherwise come first).
        await Expect(UpcomingAppointments(page).Locator("li.card").First).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Innsynslogg" }).ClickAsync();
        var log = AccessLogEntries(page);
        await Expect(log).ToContainTextAsync("Så timeavtaler", new() { Timeout = 20_000 });
        await Expect(log.Locator("li").First).ToContainTextAsync("Du");
        await Expect(log.Locator("li").First).ToContainTextAsync("Hvorfor: Foreldreansvar");
        await page.GetByLabel("Hva ble gjort").SelectOptionAsync("accesslog.read");
        await Expect(log.Locator("li").First).ToContainTextAsync("Så innsynsloggen");
        await page.GetByText("Vis bare det andre har gjort").ClickAsync();
        await Expect(page.GetByText("Ingen oppføringer.")).ToBeVisibleAsync();
        await page.GetByText("Vis bare det andre har gjort").ClickAsync();
        await ScreenshotAsync(page, "citizen-access-log");

        await page.GetByRole(AriaRole.Link, new() { Name = "Kalender" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Lag kalenderlenke" }).ClickAsync();
        var url = await page.GetByLabel("Kalenderlenke").InputValueAsync();
        url.ShouldContain("/calendar/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kopier" }).ClickAsync();
        (await page.EvaluateAsync<string>("() => navigator.clipboard.readText()")).ShouldBe(url);
        using (var http = new HttpClient())
        {
            (await http.GetStringAsync(url)).ShouldContain("BEGIN:VCALENDAR");
        }

        await ScreenshotAsync(page, "citizen-calendar-link");
        await page.GetByRole(AriaRole.Button, new() { Name = "Trekk tilbake lenken" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Lenken virker ikke lenger.");
        using (var http = new HttpClient())
        {
            (await http.GetAsync(url)).IsSuccessStatusCode.ShouldBeFalse("a revoked link gives nothing");
        }
    }

    [Fact]
    public async Task Given_a_parent_When_she_sets_her_notices_and_gives_a_power_of_attorney_Then_both_are_kept()
    {
        var page = await NewPageAsync(360, 740);
        await LoginAsCitizenAsync(page, "guardian");
        await page.Locator("a.choice").First.ClickAsync();
        // On a phone the tabs are a menu.
        await page.GetByRole(AriaRole.Button, new() { Name = "Meny" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Varsler" }).ClickAsync();
        await page.GetByLabel("Varsle meg på").SelectOptionAsync("email");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Lagret.");
        await page.ReloadAsync();
        await Expect(page.GetByLabel("Varsle meg på")).ToHaveValueAsync("email");
        await ScreenshotAsync(page, "citizen-notices");

        await page.GetByRole(AriaRole.Button, new() { Name = "Meny" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Fullmakter" }).ClickAsync();
        var stranger = (await GetJsonAsync("/simulators/folkeregisteret/personas")).EnumerateArray()
            .First(p => p.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == "stranger")).GetProperty("pid").GetString()!;
        await page.GetByLabel("Fødselsnummer til den som skal få fullmakt").FillAsync(stranger);
        await page.GetByText("Lese meldinger", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Gi fullmakt" }).ClickAsync();
        await Expect(page.Locator("li.card")).ToContainTextAsync("Du har gitt en fullmakt");
        page.Url.ShouldNotContain(stranger, customMessage: "a fødselsnummer never goes in an address");
        await ScreenshotAsync(page, "citizen-powers-of-attorney");
    }

    [Fact]
    public async Task Given_the_appointment_page_When_it_is_loaded_Then_the_time_to_its_data_is_reported()
    {
        var page = await NewPageAsync();
        await LoginAsCitizenAsync(page, "guardian");
        await OpenChildAsync(page);
        var url = page.Url;
        // Measured by the test, not the page: from navigation start until the list's first card is in the document.
        await page.AddInitScriptAsync("""
            new MutationObserver((_, observer) => {
                if (document.querySelector('ul[aria-labelledby="upcoming-title"] li')) {
                    window.appointmentsShown = performance.now();
                    observer.disconnect();
                }
            }).observe(document, { childList: true, subtree: true });
            """);
        var timings = new List<double>();
        for (var run = 0; run < 5; run++)
        {
            await page.GotoAsync(url);
            await Expect(UpcomingAppointments(page).Locator("li").First).ToBeVisibleAsync();
            timings.Add(await page.EvaluateAsync<double>("() => window.appointmentsShown ?? 0"));
        }

        // Reported, not asserted against a time (the machine may be busy): the issue's budget is 1 s on the embedded default.
        var report = $"Appointment page, navigation start to data shown (ms), 5 loads: {string.Join(", ", timings.Select(t => t.ToString("F0")))}; median {timings.Order().ElementAt(2):F0}";
        Output.WriteLine(report);
        System.IO.Directory.CreateDirectory(Screenshots);
        await File.WriteAllTextAsync(Path.Combine(Screenshots, "..", "web-timings.txt"), report + Environment.NewLine);
        timings.ShouldAllBe(t => t > 0, "the list was seen on screen");
    }

    private async Task OpenChildAsync(IPage page)
    {
        var personas = await GetJsonAsync("/simulators/folkeregisteret/personas");
        var child = personas.EnumerateArray().First(p => p.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == "child-under-12")).GetProperty("name").GetString()!;
        await page.Locator("a.choice").Filter(new() { HasText = child }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(child);
    }

    private async Task<ILocator> AppointmentCardAsync(IPage page, string vendor)
    {
        var unit = await UnitNameAsync(vendor, "health-station");
        var card = UpcomingAppointments(page).Locator("li.card").Filter(new() { HasText = unit }).Filter(new() { HasText = FourYearCheck });
        await Expect(card).ToHaveCountAsync(1);
        return card;
    }

    private async Task<string> UnitNameAsync(string vendor, string type)
    {
        var units = await GetJsonAsync($"/simulators/epj/{vendor}/units");
        return units.EnumerateArray().First(u => u.GetProperty("type").GetString() == type).GetProperty("name").GetString()!;
    }

    /// <summary>The journal's own id of the appointment the cancellation with this reason was for, once it has arrived.</summary>
    private async Task<string> CancellationInJournalAsync(string vendor, string reason)
    {
        var personas = await GetJsonAsync("/simulators/folkeregisteret/personas");
        var pid = personas.EnumerateArray().First(p => p.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == "child-under-12")).GetProperty("pid").GetString()!;
        for (var attempt = 0; ; attempt++)
        {
            var journal = await GetJsonAsync($"/simulators/epj/{vendor}/journal?pid={pid}");
            if (journal.GetProperty("entries").EnumerateArray().Any(e => e.GetProperty("kind").GetString() == "cancellation" && e.GetProperty("text").GetString() == reason))
            {
                return journal.GetProperty("appointments").EnumerateArray().First(a => a.GetProperty("type").GetString() == FourYearCheck).GetProperty("appointmentId").GetString()!;
            }

            attempt.ShouldBeLessThan(200, $"the cancellation reaches the {vendor} journal");
            await Task.Delay(100);
        }
    }

    /// <summary>Presses Tab until the control with this text in the card of this unit's 4-year consultation has the focus.</summary>
    private static async Task TabToAsync(IPage page, string name, string unit)
    {
        for (var presses = 0; presses < 80; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string[]>("() => [document.activeElement?.textContent?.trim() ?? '', document.activeElement?.closest('li.card')?.textContent ?? '']");
            if (focused[0] == name && focused[1].Contains(unit, StringComparison.Ordinal) && focused[1].Contains(FourYearCheck, StringComparison.Ordinal))
            {
                return;
            }
        }

        throw new ShouldAssertException($"Tab never reached \"{name}\"");
    }
}
