using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shouldly;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace DigiHelsestasjon.Web.Tests;

/// <summary>Issue 32 on the citizen's pages: booking with a confirm step, buttons that name their object, the frame of
/// helsenorge.no (who is logged in, the footer's pages, "Du er logget ut"), one appointment to the calendar, and the phone.</summary>
public sealed class CitizenServicePagesTests(ITestOutputHelper output) : BrowserTest(output)
{
    static CitizenServicePagesTests() => SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task Given_a_guardian_When_she_books_her_child_a_time_Then_she_first_sees_what_where_when_and_for_whom_and_is_told_it_is_booked_only_once_confirmed()
    {
        var child = await PersonaAsync("child-under-12");
        var page = await NewPageAsync();
        await LoginAsCitizenAsync(page, "guardian");
        await page.Locator("a.choice").Filter(new() { HasText = child.Name }).ClickAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Deler av siden" }).GetByRole(AriaRole.Link, new() { Name = "Bestill time" }).ClickAsync();

        var slot = FreeSlots(page).First.GetByRole(AriaRole.Button).First;
        await Expect(slot).ToBeVisibleAsync();
        await Expect(page).ToHaveTitleAsync("Bestill time – DigiHelsestasjon");
        await Expect(page.GetByText("Side 1")).ToBeVisibleAsync();
        await Expect(slot).ToHaveAttributeAsync("aria-label", new Regex("^\\d\\d:\\d\\d .+, \\w+dag \\d+\\. \\w+, .+$"));
        await AccessibleAsync(page, "citizen-booking-days");

        // Four weeks, a week of days with free times a page: on to the next and back, the keyboard at the list's heading.
        var firstDay = await page.Locator(".slot-day h4").First.InnerTextAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Senere dager" }).ClickAsync();
        await Expect(page.GetByText("Side 2")).ToBeVisibleAsync();
        await Expect(page.Locator(".slot-day h4").First).Not.ToHaveTextAsync(firstDay);
        (await page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''")).ShouldBe("free-times-title");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tidligere dager" }).ClickAsync();
        await Expect(page.Locator(".slot-day h4").First).ToHaveTextAsync(firstDay);
        await slot.ClickAsync();

        var confirm = ConfirmBooking(page);
        await Expect(confirm).ToContainTextAsync("Hva");
        await Expect(confirm).ToContainTextAsync("Hvor");
        await Expect(confirm).ToContainTextAsync("Når");
        await Expect(confirm).ToContainTextAsync(child.Name);
        // The keyboard continues at the step that came in place of the list.
        (await page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''")).ShouldBe("confirm-title");
        await AccessibleAsync(page, "citizen-booking-confirm");
        await ScreenshotAsync(page, "citizen-booking-confirm");
        await PlainAsync(page, "booking confirm");
        // The simulated journals speak contract 1.2, so the page asks what it is about, and the journal keeps the answer.
        var about = $"Hun sover dårlig om natta ({Guid.NewGuid():N})"[..40];
        await confirm.GetByLabel("Hva gjelder det? (valgfritt)").FillAsync(about);
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Bekreft bestilling" }).ClickAsync();

        // Requested first or at once: the words "er bestilt" come only with the journal's confirmation.
        var notice = BookingNotice(page);
        await Expect(notice).ToContainTextAsync(new Regex("er bestilt|Du har bedt om timen"));
        await Expect(notice).ToContainTextAsync("er bestilt", new() { Timeout = 60_000 });
        await Expect(Bookings(page).Locator("li").First).ToContainTextAsync("Bestilt");
        await ScreenshotAsync(page, "citizen-booking-booked");
        var notes = new List<string?>();
        foreach (var vendor in new[] { "visma", "infodoc", "cgm" })
        {
            var journal = await GetJsonAsync($"/simulators/epj/{vendor}/journal?pid={child.Pid}");
            notes.AddRange(journal.GetProperty("entries").EnumerateArray()
                .Where(e => e.GetProperty("kind").GetString() == "reservation" && e.TryGetProperty("note", out var n) && n.ValueKind == JsonValueKind.String)
                .Select(e => e.GetProperty("note").GetString()));
        }

        notes.ShouldContain(about, "what the guardian wrote is with the booking in the journal");
    }

    [Fact]
    public async Task Given_a_guardian_whose_child_already_has_a_time_When_she_picks_a_free_time_at_the_same_hour_Then_she_is_warned_before_booking()
    {
        var child = await PersonaAsync("child-under-12");
        // At another health station: the journal would not offer a free time where it has booked one itself.
        var nordli = await UnitAsync("infodoc", "health-station");
        var page = await NewPageAsync();
        await LoginAsCitizenAsync(page, "guardian");
        await page.Locator("a.choice").Filter(new() { HasText = child.Name }).ClickAsync();
        await Expect(UpcomingAppointments(page)).ToBeVisibleAsync();
        var subjectPages = Regex.Replace(page.Url, "/avtaler$", "");
        var subjectId = subjectPages.Split('/').Last();

        // A time the journal books by phone at the very hour of the first free time (read as the page reads it).
        var days = await page.EvaluateAsync<JsonElement>($"() => fetch('/api/v1/subjects/{subjectId}/free-slot-days', {{ headers: {{ 'X-CSRF': '1' }} }}).then(r => r.json())");
        var first = days.GetProperty("days")[0].GetProperty("slots")[0];
        await PostJsonAsync("/simulators/epj/infodoc/appointments", new { pid = child.Pid, unitId = nordli, start = first.GetProperty("start").GetDateTimeOffset(), type = "Hørselstest" });
        // The journal's new time reaches the platform on its own rhythm: the list is opened again until it shows.
        for (var attempt = 0; !(await UpcomingAppointments(page).InnerTextAsync()).Contains("Hørselstest", StringComparison.Ordinal); attempt++)
        {
            attempt.ShouldBeLessThan(30, "the journal's new appointment reaches the list");
            await Task.Delay(1000);
            await page.ReloadAsync();
            await Expect(UpcomingAppointments(page)).ToBeVisibleAsync();
        }

        await page.GotoAsync(subjectPages + "/bestill");
        var slot = FreeSlots(page).GetByRole(AriaRole.Button).Filter(new() { HasText = "du har en time da" }).First;
        await Expect(slot).ToBeVisibleAsync();
        await slot.ClickAsync();
        var overlap = ConfirmBooking(page).GetByText("Du har allerede en time");
        await Expect(overlap).ToBeVisibleAsync();
        await Expect(overlap).ToContainTextAsync("Hørselstest");
        await AccessibleAsync(page, "citizen-booking-overlap");

        await PlainAsync(page, "booking overlap");
        await page.GetByRole(AriaRole.Button, new() { Name = "Velg en annen tid" }).ClickAsync();
        await Expect(FreeSlots(page).First).ToBeVisibleAsync();
        await Expect(BookingNotice(page)).ToBeEmptyAsync();
    }

    [Fact]
    public async Task Given_a_guardian_on_her_childs_appointments_Then_each_button_names_its_appointment_the_page_has_its_title_and_the_time_can_go_to_her_calendar()
    {
        var child = await PersonaAsync("child-under-12");
        var page = await NewPageAsync();
        await LoginAsCitizenAsync(page, "guardian");
        await Expect(page).ToHaveTitleAsync("Hvem gjelder det? – DigiHelsestasjon");
        await page.Locator("a.choice").Filter(new() { HasText = child.Name }).ClickAsync();
        await Expect(page).ToHaveTitleAsync("Timeavtaler – DigiHelsestasjon");
        await Expect(SignedIn(page)).ToContainTextAsync("Logget inn som");
        await Expect(SignedIn(page)).ToContainTextAsync(child.Name);

        var card = UpcomingAppointments(page).Locator("li.card").Filter(new() { HasText = "Konsultasjon 4 år" }).First;
        await Expect(card.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Avbestill timen: Konsultasjon 4 år, \\w+dag \\d+\\. \\w+$") })).ToBeVisibleAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => card.GetByRole(AriaRole.Button, new() { Name = "Legg til i kalender: Konsultasjon 4 år" }).ClickAsync());
        download.SuggestedFilename.ShouldEndWith(".ics");
        var ics = await File.ReadAllTextAsync((await download.PathAsync())!);
        ics.ShouldContain("BEGIN:VEVENT");
        ics.ShouldContain("SUMMARY:Konsultasjon 4 år");
        ics.ShouldContain("LOCATION:");
        ics.ShouldContain("DTEND:");

        // Cancelling: the form's button is gone afterwards, so the focus goes back to the appointment, whose state is announced.
        await card.GetByRole(AriaRole.Button, new() { Name = "Avbestill timen" }).ClickAsync();
        await card.GetByLabel("Hvorfor avbestiller du?").FillAsync("Vi er bortreist");
        await card.GetByRole(AriaRole.Button, new() { Name = "Bekreft avbestilling: Konsultasjon 4 år" }).ClickAsync();
        await Expect(card.GetByRole(AriaRole.Status)).ToHaveTextAsync(new Regex("Avbestilt|Avbestilling sendt"));
        (await page.EvaluateAsync<string>("() => document.activeElement?.closest('li.card')?.textContent ?? ''")).ShouldContain("Konsultasjon 4 år");
        await AccessibleAsync(page, "citizen-appointments-named");
    }

    [Fact]
    public async Task Given_a_guardian_When_she_opens_the_footers_pages_and_logs_out_Then_each_is_in_Norwegian_and_she_is_told_she_is_logged_out()
    {
        var page = await NewPageAsync();
        await LoginAsCitizenAsync(page, "guardian");
        var footer = page.Locator("footer");
        foreach (var (link, title) in new[] { ("Personvern", "Personvern"), ("Kontakt", "Kontakt"), ("Tilgjengelighetserklæring", "Tilgjengelighetserklæring") })
        {
            await footer.GetByRole(AriaRole.Link, new() { Name = link }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
            await Expect(page).ToHaveTitleAsync($"{title} – DigiHelsestasjon");
            await AccessibleAsync(page, $"info-{link}");
            await PlainAsync(page, $"info {link}");
        }

        await SignedIn(page).GetByRole(AriaRole.Link, new() { Name = "Bytt person" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Hvem gjelder det?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logg ut" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Du er logget ut");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Logg ut" })).ToHaveCountAsync(0);
        await AccessibleAsync(page, "logged-out");
        await ScreenshotAsync(page, "logged-out");
    }

    [Fact]
    public async Task Given_a_guardian_on_a_phone_in_nynorsk_When_she_moves_between_her_childs_pages_Then_the_tabs_are_a_menu_and_the_vaccinations_are_cards()
    {
        var child = await PersonaAsync("child-under-12");
        var page = await NewPageAsync(390, 844);
        await page.Context.AddInitScriptAsync("window.localStorage.setItem('dh.language', 'nn')");
        await LoginAsCitizenAsync(page, "guardian");
        await page.Locator("a.choice").Filter(new() { HasText = child.Name }).ClickAsync();

        var tabs = page.GetByRole(AriaRole.Navigation, new() { Name = "Delar av sida" });
        var menu = tabs.GetByRole(AriaRole.Button, new() { Name = "Meny: Timeavtalar" });
        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(tabs.GetByRole(AriaRole.Link, new() { Name = "Vaksinar og prøvesvar" })).ToBeHiddenAsync();
        await AccessibleAsync(page, "citizen-menu-closed-nn-390");
        await menu.ClickAsync();
        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
        await AccessibleAsync(page, "citizen-menu-open-nn-390");
        await ScreenshotAsync(page, "citizen-menu-nn-390");
        await tabs.GetByRole(AriaRole.Link, new() { Name = "Vaksinar og prøvesvar" }).ClickAsync();

        var table = Vaccinations(page);
        await Expect(table.Locator("tbody tr").First).ToBeVisibleAsync();
        (await table.Locator("tbody tr").First.EvaluateAsync<string>("row => getComputedStyle(row).display")).ShouldBe("block", "a row is a card on a phone");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await Expect(tabs.GetByRole(AriaRole.Button, new() { Name = "Meny: Vaksinar og prøvesvar" })).ToHaveAttributeAsync("aria-expanded", "false");
        await AccessibleAsync(page, "citizen-health-records-nn-390");
        await ScreenshotAsync(page, "citizen-health-records-nn-390");
        await PlainAsync(page, "health records (nn, 390)");

        await page.GotoAsync(Regex.Replace(page.Url, "/helse$", "/bestill"));
        await Expect(FreeSlots(page).First).ToBeVisibleAsync();
        await FreeSlots(page).First.GetByRole(AriaRole.Button).First.ClickAsync();
        await Expect(ConfirmBooking(page)).ToContainTextAsync("Kven timen er for");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await AccessibleAsync(page, "citizen-booking-confirm-nn-390");
        await ScreenshotAsync(page, "citizen-booking-confirm-nn-390");
        await PlainAsync(page, "booking confirm (nn, 390)");
    }

    private async Task<(string Pid, string Name)> PersonaAsync(string tag)
    {
        var personas = await GetJsonAsync("/simulators/folkeregisteret/personas");
        var persona = personas.EnumerateArray().First(p => p.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == tag));
        return (persona.GetProperty("pid").GetString()!, persona.GetProperty("name").GetString()!);
    }

}
