using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shouldly;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace DigiHelsestasjon.Web.Tests;

/// <summary>Issue 32: the nurse's chat console and the admin's pages as the nurse and the admin use them, at 1280 px.</summary>
public sealed partial class StaffPagesTests(ITestOutputHelper output) : BrowserTest(output)
{
    static StaffPagesTests() => SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task Given_a_youth_waiting_with_a_question_When_the_nurse_triages_and_answers_Then_she_sees_unit_and_question_inserts_a_prepared_answer_and_flagging_asks_first()
    {
        var (unitId, unitName) = await OpenChatUnitAsync("9901");
        var youth = await NewPageAsync(360, 740);
        await youth.GotoAsync("/ungdom/chat");
        await youth.GetByLabel("Kommune").SelectOptionAsync(new SelectOptionValue { Label = "Fjordvik kommune" });
        await youth.Locator("li.card").Filter(new() { HasText = unitName }).GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        await youth.GetByLabel("Skriv en melding").FillAsync("Jeg sover dårlig før prøver");
        await youth.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(ChatMessages(youth)).ToContainTextAsync("Jeg sover dårlig før prøver");

        var nurse = await NewPageAsync();
        await LoginAsStaffAsync(nurse, "nurse", unitId);
        var title = $"Søvnråd {Guid.NewGuid():N}"[..16];
        var added = await nurse.Context.APIRequest.PostAsync("/api/v1/staff/youth-chat/prepared-answers", new()
        {
            Headers = new Dictionary<string, string> { ["X-CSRF"] = "1" },
            DataObject = new { unitId, title, text = "Mange sover bedre med faste tider for leggetid." },
        });
        added.Status.ShouldBe(201);

        // The queue card says where the youth wrote and what about, before anyone takes it.
        var card = QueueEntries(nurse).Filter(new() { HasText = "Jeg sover dårlig før prøver" });
        await Expect(card.GetByRole(AriaRole.Heading)).ToHaveTextAsync(unitName);
        await Expect(card).ToContainTextAsync("Venter siden");
        await AccessibleAsync(nurse, "nurse's queue");
        await PlainAsync(nurse, "nurse's queue");
        await ScreenshotAsync(nurse, "staff-chat-queue-triage");

        await card.GetByRole(AriaRole.Button, new() { Name = "Ta samtalen" }).ClickAsync();
        await Expect(ChatMessages(nurse)).ToContainTextAsync("Jeg sover dårlig før prøver");

        // A prepared answer goes into the answer field to be fitted, not straight to the youth.
        await nurse.GetByLabel("Ferdige svar").SelectOptionAsync(new SelectOptionValue { Label = title });
        var answer = nurse.GetByLabel("Svar", new() { Exact = true });
        await Expect(answer).ToHaveValueAsync("Mange sover bedre med faste tider for leggetid.");
        await Expect(ChatMessages(nurse)).Not.ToContainTextAsync("faste tider");
        await answer.FillAsync("Hei! Mange sover bedre med faste tider for leggetid. Hvordan er kveldene dine?");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(ChatMessages(youth)).ToContainTextAsync("Hvordan er kveldene dine?");

        // Flagging as abusive stands apart from ending, and asks first: cancelling leaves the conversation as it was.
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Merk som krenkende" }).ClickAsync();
        var dialog = nurse.GetByRole(AriaRole.Alertdialog);
        await Expect(dialog).ToContainTextAsync("Merke samtalen som krenkende?");
        await AccessibleAsync(nurse, "the abusive flag's question");
        await ScreenshotAsync(nurse, "staff-chat-flag-abusive");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Avbryt" }).First.ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(nurse.GetByRole(AriaRole.Button, new() { Name = "Avslutt samtalen" })).ToBeVisibleAsync();
        await Expect(ChatStatus(youth)).ToHaveTextAsync("En helsesykepleier er med i samtalen.");

        await nurse.GetByRole(AriaRole.Button, new() { Name = "Merk som krenkende" }).ClickAsync();
        await nurse.GetByRole(AriaRole.Alertdialog).GetByRole(AriaRole.Button, new() { Name = "Merk som krenkende" }).ClickAsync();
        await Expect(nurse.GetByRole(AriaRole.Heading, new() { Name = "Samtale", Exact = true })).ToHaveCountAsync(0);
        await Expect(QueueEntries(nurse).Filter(new() { HasText = "Jeg sover dårlig før prøver" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Given_a_municipality_admin_When_she_opens_self_booking_Then_she_picks_kinds_from_the_journals_list_and_closing_asks_first()
    {
        var unitId = await UnitAsync("visma", "health-station");
        var admin = await NewPageAsync();
        await LoginAsStaffAsync(admin, "admin", unitId);
        await admin.GetByRole(AriaRole.Link, new() { Name = "Administrasjon" }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "Timebestilling" }).ClickAsync();

        // The demo opens the journal's one kind at each unit. Taking out the last one closes the unit, so it asks first.
        var card = SelfBookingUnits(admin).Locator("li.card").First;
        var remove = card.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Fjern ") });
        await Expect(remove).ToHaveCountAsync(1);
        var kind = (await remove.GetAttributeAsync("aria-label"))!["Fjern ".Length..];
        await remove.ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Alertdialog);
        await Expect(dialog).ToContainTextAsync(kind);
        await AccessibleAsync(admin, "closing self-booking's question");
        await ScreenshotAsync(admin, "staff-self-booking-close");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Avbryt" }).First.ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = $"Fjern {kind}" })).ToBeVisibleAsync();
        await remove.ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Steng for bestilling" }).ClickAsync();
        await Expect(card.GetByRole(AriaRole.Status)).ToContainTextAsync("er stengt for bestilling");
        await Expect(card).ToContainTextAsync("Ingen typer timer kan bestilles her nå.");

        // Opening is choosing from the journal's own list: there is no field to type a kind into.
        var kinds = card.GetByLabel("Type time fra journalen");
        await Expect(kinds).ToBeVisibleAsync();
        (await card.Locator("input[type=text]").CountAsync()).ShouldBe(0, "no free text: the journal's kinds are the choices");
        (await kinds.Locator("option").AllInnerTextsAsync()).ShouldContain(kind);
        await kinds.SelectOptionAsync(new SelectOptionValue { Label = kind });
        await card.GetByRole(AriaRole.Button, new() { Name = "Åpne for bestilling" }).ClickAsync();
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = $"Fjern {kind}" })).ToBeVisibleAsync();
        await Expect(card.GetByRole(AriaRole.Status)).ToContainTextAsync("Lagret for");
        await AccessibleAsync(admin, "admin's self-booking");
        await PlainAsync(admin, "admin's self-booking");

        await card.GetByRole(AriaRole.Button, new() { Name = "Steng for bestilling" }).ClickAsync();
        await Expect(dialog).ToContainTextAsync(kind);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Steng for bestilling" }).ClickAsync();
        await Expect(card.GetByRole(AriaRole.Status)).ToContainTextAsync("er stengt for bestilling");

        // Open again, as the demo had it.
        await card.GetByLabel("Type time fra journalen").SelectOptionAsync(new SelectOptionValue { Label = kind });
        await card.GetByRole(AriaRole.Button, new() { Name = "Åpne for bestilling" }).ClickAsync();
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = $"Fjern {kind}" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Given_a_municipality_admin_reading_nynorsk_When_she_looks_at_figures_and_journal_items_Then_dates_and_message_types_are_in_words()
    {
        var unitId = await UnitAsync("visma", "health-station");
        var admin = await NewPageAsync();
        await admin.Context.AddInitScriptAsync("window.localStorage.setItem('dh.language', 'nn')");
        await LoginAsStaffAsync(admin, "admin", unitId);
        await admin.GotoAsync("/ansatt/admin");
        await Expect(admin.Locator("figure").First).ToBeVisibleAsync();
        await Expect(admin.Locator("html")).ToHaveAttributeAsync("lang", "nn");

        // A chart's week is named with its Monday's date, a day by its date: none is a bare code like 2026-W48.
        foreach (var row in await admin.Locator("figure table tbody th").AllTextContentsAsync())
        {
            row.ShouldNotMatch(@"\d{4}-(W\d\d|\d\d-\d\d)");
        }

        await AccessibleAsync(admin, "admin's figures (nn)");
        await PlainAsync(admin, "admin's figures (nn)");

        await admin.GotoAsync("/ansatt/admin/epj");
        await admin.Locator("#epj-state").SelectOptionAsync("");
        await Expect(EpjItems(admin).Or(admin.GetByText("Ingen meldingar med denne statusen."))).ToBeVisibleAsync();
        await AccessibleAsync(admin, "admin's journal items (nn)");
        // The kind and state columns (the last error is the journal's own diagnostic, kept as it came).
        foreach (var cell in await EpjItems(admin).Locator("tbody td:nth-child(2), tbody td:nth-child(3)").AllInnerTextsAsync())
        {
            PlainText(cell, $"a journal item reads \"{cell}\"");
        }

        await ScreenshotAsync(admin, "staff-epj-items-nn");
    }

    private async Task<(Guid UnitId, string Name)> OpenChatUnitAsync(string kommunenummer)
    {
        var units = await GetJsonAsync($"/api/v1/youth-chat/units?municipality={kommunenummer}");
        var open = units.EnumerateArray().First(u => u.GetProperty("openNow").GetBoolean());
        return (open.GetProperty("unitId").GetGuid(), open.GetProperty("name").GetString()!);
    }
}
