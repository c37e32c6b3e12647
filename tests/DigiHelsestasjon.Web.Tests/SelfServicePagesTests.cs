using System.Text.RegularExpressions;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.Testing;
using Microsoft.Playwright;
using Shouldly;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace DigiHelsestasjon.Web.Tests;

/// <summary>Issue 17 in the browser: a youth books a free time at the school nurse; a parent reads a youth's vaccinations.</summary>
public sealed class SelfServicePagesTests(ITestOutputHelper output) : BrowserTest(output)
{
    static SelfServicePagesTests() => SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task Given_a_youth_When_she_books_a_free_time_at_the_Visma_school_nurse_Then_the_page_shows_it_booked()
    {
        var page = await NewPageAsync();
        // A youth who acts only for herself skips "Hvem gjelder det?" and lands on her own pages.
        await LoginAsCitizenAsync(page, "youth-12-15");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Dine timer og meldinger");
        await page.GetByRole(AriaRole.Link, new() { Name = "Bestill time" }).ClickAsync();
        await page.Locator("#unit-choice").SelectOptionAsync(new SelectOptionValue { Label = "Skolehelsetjenesten Fjordvik ungdomsskole" });
        var first = FreeSlots(page).First.GetByRole(AriaRole.Button).First;
        await Expect(first).ToBeVisibleAsync();
        await AccessibleAsync(page, "citizen-booking");
        await ScreenshotAsync(page, "citizen-booking");

        await first.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Bekreft bestilling" }).ClickAsync();

        await Expect(BookingNotice(page)).ToContainTextAsync("er bestilt", new() { Timeout = 60_000 });
        await Expect(Bookings(page).Locator("li").First).ToContainTextAsync("Bestilt");
        await ScreenshotAsync(page, "citizen-booking-confirmed");
    }

    [Fact]
    public async Task Given_a_youth_writing_to_the_school_nurse_When_she_ticks_that_she_would_like_a_time_Then_her_wish_is_sent_and_journaled()
    {
        var page = await NewPageAsync();
        // A youth who acts only for herself skips "Hvem gjelder det?" and lands on her own pages.
        await LoginAsCitizenAsync(page, "youth-12-15");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Dine timer og meldinger");
        await page.GetByRole(AriaRole.Link, new() { Name = "Meldinger" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Ny melding" }).ClickAsync();
        await page.GetByLabel("Kommune").SelectOptionAsync(new SelectOptionValue { Label = "Fjordvik kommune" });
        await page.GetByLabel("Til").SelectOptionAsync(new SelectOptionValue { Label = "Skolehelsetjenesten Fjordvik barneskole" });

        await page.GetByText("Jeg ønsker en time").ClickAsync();
        await Expect(page.GetByText("Skriv når det passer")).ToBeVisibleAsync();
        await page.GetByLabel("Melding", new() { Exact = true }).FillAsync("Helst etter skolen på torsdag.");
        await AccessibleAsync(page, "citizen-time-wish");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ønske om time" })).ToBeVisibleAsync();
        await Expect(DeliveryState(page, "Lagt i journalen").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Given_a_youth_When_she_moves_her_school_nurse_appointment_Then_the_new_time_is_booked_and_only_then_the_old_one_cancelled()
    {
        var page = await NewPageAsync();
        // A youth who acts only for herself skips "Hvem gjelder det?" and lands on her own pages.
        await LoginAsCitizenAsync(page, "youth-12-15");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Dine timer og meldinger");
        var old = UpcomingAppointments(page).Locator("li.card")
            .Filter(new() { HasText = "Samtale med helsesykepleier" }).Filter(new() { HasText = "Skolehelsetjenesten Fjordvik ungdomsskole" });

        await old.GetByRole(AriaRole.Link, new() { Name = "Flytt timen" }).ClickAsync();
        await Expect(page.GetByText("Du flytter en time")).ToBeVisibleAsync();
        var slot = FreeSlots(page).First.GetByRole(AriaRole.Button).First;
        await slot.ClickAsync();
        await Expect(ConfirmBooking(page)).ToContainTextAsync("Skolehelsetjenesten Fjordvik ungdomsskole");
        await page.GetByRole(AriaRole.Button, new() { Name = "Bekreft bestilling" }).ClickAsync();

        await Expect(BookingNotice(page)).ToContainTextAsync("er bestilt", new() { Timeout = 60_000 });
        await page.GetByRole(AriaRole.Link, new() { Name = "Timeavtaler" }).ClickAsync();
        // The new time is the same kind at the same place: one card is the old, saying where it was moved to (not only
        // "Avbestilt"), the other the new, booked.
        await Expect(AppointmentState(old).Filter(new() { HasTextRegex = new Regex(@"^Flyttet til \w+dag \d+\. \w+") })).ToHaveCountAsync(1);
        await Expect(AppointmentState(old).Filter(new() { HasTextRegex = new Regex("^Bestilt$") })).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "citizen-moved");
    }

    [Fact]
    public async Task Given_a_guardian_When_she_reads_her_14_year_olds_health_records_Then_the_vaccinations_show_with_their_sources_and_no_school_test_result()
    {
        var personas = await GetJsonAsync("/simulators/folkeregisteret/personas");
        var youth = personas.EnumerateArray().First(p => p.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == "youth-12-15")).GetProperty("name").GetString()!;
        var page = await NewPageAsync();
        await LoginAsCitizenAsync(page, "guardian");
        await page.Locator("a.choice").Filter(new() { HasText = youth }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Vaksiner og prøvesvar" }).ClickAsync();

        var table = Vaccinations(page);
        await Expect(table).ToContainTextAsync("Journal + SYSVAK");
        await Expect(table).ToContainTextAsync("Meslinger, kusma og røde hunder (MMR)");
        (await page.Locator("main").InnerTextAsync()).ShouldNotContain("8. trinn", Case.Sensitive, "the school nurse's result is the youth's own");
        await AccessibleAsync(page, "citizen-health-records");
        await ScreenshotAsync(page, "citizen-health-records");
    }

    [Fact]
    public async Task Given_a_journal_that_does_not_answer_When_a_guardian_opens_her_childs_health_records_Then_each_list_says_it_may_be_incomplete()
    {
        var personas = await GetJsonAsync("/simulators/folkeregisteret/personas");
        var child = personas.EnumerateArray().First(p => p.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == "child-under-12")).GetProperty("name").GetString()!;
        await PutJsonAsync("/simulators/epj/visma/faults", new { latencyMs = 8000 }); // longer than the journal's own time limit
        var page = await NewPageAsync();
        await LoginAsCitizenAsync(page, "guardian");
        await page.Locator("a.choice").Filter(new() { HasText = child }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Vaksiner og prøvesvar" }).ClickAsync();

        var vaccinations = RecordsSection(page, "Vaksiner");
        await Expect(vaccinations.GetByRole(AriaRole.Heading, new() { Name = "Listen kan være ufullstendig", Exact = true })).ToBeVisibleAsync();
        await Expect(vaccinations.GetByText("journalen hos helsetjenesten")).ToBeVisibleAsync();
        await Expect(RecordsSection(page, "Prøvesvar").GetByRole(AriaRole.Heading, new() { Name = "Listen kan være ufullstendig", Exact = true })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        (await page.Locator("main").InnerTextAsync()).ShouldNotContain("Det er ingen prøvesvar å vise", Case.Sensitive, "an empty list from a silent journal is not \"no results\"");
        await AccessibleAsync(page, "citizen-health-records-incomplete");
    }

    [Fact]
    public async Task Given_a_municipality_admin_When_she_closes_the_school_nurse_to_self_booking_and_opens_it_again_Then_the_youth_sees_no_times_and_then_times_again()
    {
        const string Fjordvik = "Skolehelsetjenesten Fjordvik ungdomsskole";
        var school = (await GetJsonAsync("/simulators/epj/visma/units")).EnumerateArray().Single(u => u.GetProperty("name").GetString() == Fjordvik).GetProperty("unitId").GetGuid();
        var admin = await NewPageAsync();
        await LoginAsStaffAsync(admin, "admin", await UnitAsync("visma", "health-station"));
        await admin.GotoAsync("/ansatt/admin/timebestilling");
        var card = SelfBookingUnits(admin).Locator("li.card").Filter(new() { HasText = Fjordvik });
        await Expect(card).ToContainTextAsync("Samtale med helsesykepleier");
        await Expect(card).ToContainTextAsync("Ungdom fra 12 år bestiller selv.");

        await card.GetByRole(AriaRole.Button, new() { Name = "Steng for bestilling" }).ClickAsync();
        await admin.GetByRole(AriaRole.Alertdialog).GetByRole(AriaRole.Button, new() { Name = "Steng for bestilling" }).ClickAsync();

        await Expect(card).ToContainTextAsync("Ingen typer timer kan bestilles her nå.");
        (await FreeSlotCountAsync(school)).ShouldBe(0, "closed to self-booking");

        await card.GetByLabel("Type time fra journalen").SelectOptionAsync(new SelectOptionValue { Label = "Samtale med helsesykepleier" });
        await card.GetByRole(AriaRole.Button, new() { Name = "Åpne for bestilling" }).ClickAsync();

        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "Fjern Samtale med helsesykepleier" })).ToBeVisibleAsync();
        (await FreeSlotCountAsync(school)).ShouldBeGreaterThan(0, "opened again");
    }

    /// <summary>The free times a youth sees at the unit, over the API with her own token.</summary>
    private async Task<int> FreeSlotCountAsync(Guid unitId)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        http.WithToken(await Citizens.TokenAsync(http, await Citizens.PidOfAsync(http, "youth-12-15")));
        var self = (await http.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();
        return (await http.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/free-slots?unitId={unitId}")).GetArrayLength();
    }
}
