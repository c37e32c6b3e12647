using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shouldly;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace DigiHelsestasjon.Web.Tests;

public sealed class YouthAndStaffPagesTests(ITestOutputHelper output) : BrowserTest(output)
{
    static YouthAndStaffPagesTests() => SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task Given_a_youth_in_the_anonymous_chat_When_a_nurse_answers_and_the_youth_uses_quick_exit_Then_the_browser_holds_nothing_of_it()
    {
        var (unitId, unitName) = await OpenChatUnitAsync("9901");
        var youth = await NewPageAsync(360, 740);
        // Quick exit leaves for an ordinary site; here it answers from the test, as the machine may have no internet.
        await youth.Context.RouteAsync("https://www.google.no/**", route => route.FulfillAsync(new() { Status = 200, ContentType = "text/html", Body = "<title>Google</title>" }));
        await youth.GotoAsync("/ungdom/chat");
        await youth.GetByLabel("Kommune").SelectOptionAsync(new SelectOptionValue { Label = "Fjordvik kommune" });
        // Before she writes anything: what anonymous means, how long it is kept, and where to read more.
        await Expect(youth.GetByText("Anonymt betyr at du ikke logger inn")).ToBeVisibleAsync();
        await Expect(youth.GetByText(new Regex(@"^Samtalen slettes \d+ (døgn|timer?) etter at den er slutt"))).ToBeVisibleAsync();
        await Expect(youth.GetByRole(AriaRole.Link, new() { Name = "Les mer om personvern" })).ToHaveAttributeAsync("href", "/personvern");
        await youth.Locator("li.card").Filter(new() { HasText = unitName }).GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        await Expect(ChatStatus(youth)).ToContainTextAsync("Du venter på en helsesykepleier");
        await youth.GetByLabel("Skriv en melding").FillAsync("Hei, jeg lurer på noe om søvn");
        await youth.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(ChatMessages(youth)).ToContainTextAsync("Hei, jeg lurer på noe om søvn");
        await ScreenshotAsync(youth, "youth-chat-waiting");

        var nurse = await NewPageAsync();
        await LoginAsStaffAsync(nurse, "nurse", unitId);
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Ta samtalen" }).First.ClickAsync();
        await Expect(ChatMessages(nurse)).ToContainTextAsync("Hei, jeg lurer på noe om søvn");
        await nurse.GetByLabel("Svar").FillAsync("Hei! Fortell gjerne mer.");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await ScreenshotAsync(nurse, "staff-chat");

        await Expect(ChatStatus(youth)).ToHaveTextAsync("En helsesykepleier er med i samtalen.");
        await Expect(ChatMessages(youth)).ToContainTextAsync("Hei! Fortell gjerne mer.");
        await ScreenshotAsync(youth, "youth-chat");

        await youth.GetByRole(AriaRole.Button, new() { Name = "Lukk siden raskt" }).ClickAsync();
        await youth.WaitForURLAsync("https://www.google.no/**");

        // Nothing of the chat in the browser: no cookie, no storage, and going back does not return to it.
        var state = await youth.Context.StorageStateAsync();
        state.ShouldNotContain("conversation", Case.Insensitive);
        var storage = System.Text.Json.JsonDocument.Parse(state).RootElement;
        storage.GetProperty("cookies").GetArrayLength().ShouldBe(0);
        storage.GetProperty("origins").EnumerateArray().SelectMany(o => o.GetProperty("localStorage").EnumerateArray()).ShouldBeEmpty();
        await youth.GoBackAsync();
        youth.Url.ShouldNotContain("/ungdom/chat");

        // And the conversation is over for the nurse too.
        await Expect(nurse.GetByRole(AriaRole.Status)).ToHaveTextAsync("Samtalen er avsluttet.");
    }

    [Fact]
    public async Task Given_a_youth_waiting_in_the_anonymous_chat_When_she_ends_the_conversation_Then_it_is_ended_and_erased_and_the_page_says_so()
    {
        var (_, unitName) = await OpenChatUnitAsync("9901");
        var youth = await NewPageAsync(390, 800);
        await youth.GotoAsync("/ungdom/chat");
        await youth.GetByLabel("Kommune").SelectOptionAsync(new SelectOptionValue { Label = "Fjordvik kommune" });
        await youth.Locator("li.card").Filter(new() { HasText = unitName }).GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        await youth.GetByLabel("Skriv en melding").FillAsync("Jeg vil bare spørre om noe");
        await youth.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(ChatMessages(youth)).ToContainTextAsync("Jeg vil bare spørre om noe");

        await youth.GetByRole(AriaRole.Button, new() { Name = "Avslutt samtalen" }).ClickAsync();
        await Expect(youth.GetByText("Vil du avslutte samtalen? Den slettes med en gang.")).ToBeVisibleAsync();
        await youth.GetByRole(AriaRole.Button, new() { Name = "Ja, avslutt" }).ClickAsync();

        await Expect(ChatStatus(youth)).ToHaveTextAsync("Du har avsluttet samtalen, og den er slettet.");
        await Expect(ChatMessages(youth)).Not.ToContainTextAsync("Jeg vil bare spørre om noe");
        await Expect(youth.GetByLabel("Skriv en melding")).ToHaveCountAsync(0);
        await PlainAsync(youth, "youth: ended the chat");
    }

    [Fact]
    public async Task Given_a_municipality_admin_When_she_changes_the_cancellation_deadline_Then_it_is_kept_and_the_figures_are_drawn()
    {
        var unitId = await UnitAsync("visma", "health-station");
        var admin = await NewPageAsync();
        await LoginAsStaffAsync(admin, "admin", unitId);
        await admin.GetByRole(AriaRole.Link, new() { Name = "Administrasjon" }).ClickAsync();

        var deadline = admin.GetByLabel("Frist for digital avbestilling (timer før timen)");
        await deadline.FillAsync("48");
        await admin.GetByLabel("Påminnelser, timer før timen (for eksempel 48, 2)").FillAsync("72, 3");
        await admin.GetByLabel("Åpen Lørdag").CheckAsync();
        await admin.GetByLabel("Stenger Lørdag").FillAsync("14:00");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("Lagret.");

        await admin.ReloadAsync();
        await Expect(admin.GetByLabel("Frist for digital avbestilling (timer før timen)")).ToHaveValueAsync("48");
        await Expect(admin.GetByLabel("Påminnelser, timer før timen (for eksempel 48, 2)")).ToHaveValueAsync("72, 3");
        await Expect(admin.GetByLabel("Stenger Lørdag")).ToHaveValueAsync("14:00");
        var chart = admin.GetByRole(AriaRole.Figure, new() { Name = "Timer per uke: i alt, møtt, avbestilt digitalt og ikke møtt" });
        await Expect(chart.GetByRole(AriaRole.Img)).ToBeVisibleAsync();
        await Expect(admin.GetByRole(AriaRole.Figure, new() { Name = "Meldinger per uke" })).ToBeVisibleAsync();
        await ScreenshotAsync(admin, "staff-admin");
    }

    [Fact]
    public async Task Given_a_youth_in_the_anonymous_chat_When_she_chooses_to_go_on_logged_in_with_consent_Then_the_conversation_goes_on_as_her_message_thread()
    {
        var (_, unitName) = await OpenChatUnitAsync("9901");
        var youth = await NewPageAsync(360, 740);
        await youth.GotoAsync("/ungdom/chat");
        await youth.GetByLabel("Kommune").SelectOptionAsync(new SelectOptionValue { Label = "Fjordvik kommune" });
        await youth.Locator("li.card").Filter(new() { HasText = unitName }).GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        await youth.GetByLabel("Skriv en melding").FillAsync("Kan jeg få snakke med noen om eksamensstress?");
        await youth.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(ChatMessages(youth)).ToContainTextAsync("eksamensstress");

        await youth.GetByRole(AriaRole.Button, new() { Name = "Fortsett samtalen innlogget" }).ClickAsync();
        await youth.GetByLabel("Hva vil du skrive til helsesykepleieren?").FillAsync("Jeg vil gjerne ha en time.");
        await youth.GetByText("Ta med det vi har skrevet i chatten så langt", new() { Exact = true }).ClickAsync();
        await ScreenshotAsync(youth, "youth-chat-hand-over");
        var popup = await youth.RunAndWaitForPopupAsync(() => youth.GetByRole(AriaRole.Button, new() { Name = "Logg inn med Feide" }).ClickAsync());
        var pid = await PidAsync("youth-12-15");
        await popup.SelectOptionAsync("select[name=pid]", pid);
        await popup.GetByRole(AriaRole.Button, new() { Name = "Logg inn" }).ClickAsync();

        // The login window closes itself; the chat's page goes on to the thread in her name, with the chat copied in
        // (a Feide login reaches a youth's own threads with the school health service), and she can log out there.
        await youth.WaitForURLAsync("**/meldinger/*");
        await Expect(youth.Locator("ol.messages")).ToContainTextAsync("Jeg vil gjerne ha en time.");
        await Expect(youth.Locator("ol.messages")).ToContainTextAsync("eksamensstress");
        // The copied chat reads as a chat (who, at what time), not as a case file about consent.
        await Expect(youth.Locator("ol.messages")).ToContainTextAsync("Fra chatten");
        await Expect(youth.Locator("ol.messages")).Not.ToContainTextAsync("samtykke");
        await Expect(youth.GetByRole(AriaRole.Button, new() { Name = "Logg ut" })).ToBeVisibleAsync();
        await ScreenshotAsync(youth, "youth-after-hand-over");

        // Quick exit on this device later also ends her login: the next person finds no session.
        await youth.Context.RouteAsync("https://www.google.no/**", route => route.FulfillAsync(new() { Status = 200, ContentType = "text/html", Body = "<title>Google</title>" }));
        await youth.GotoAsync("/ungdom/chat");
        await youth.GetByRole(AriaRole.Button, new() { Name = "Lukk siden raskt" }).ClickAsync();
        await youth.WaitForURLAsync("https://www.google.no/**");
        for (var attempt = 0; (await youth.Context.CookiesAsync([BaseUrl])).Count > 0 && attempt < 50; attempt++)
        {
            await Task.Delay(100);
        }

        (await youth.Context.CookiesAsync([BaseUrl])).ShouldBeEmpty("quick exit logs out too");
    }

    private async Task<string> PidAsync(string tag)
    {
        var personas = await GetJsonAsync("/simulators/folkeregisteret/personas");
        return personas.EnumerateArray().First(p => p.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == tag)).GetProperty("pid").GetString()!;
    }

    private async Task<(Guid UnitId, string Name)> OpenChatUnitAsync(string kommunenummer)
    {
        var units = await GetJsonAsync($"/api/v1/youth-chat/units?municipality={kommunenummer}");
        var open = units.EnumerateArray().First(u => u.GetProperty("openNow").GetBoolean());
        return (open.GetProperty("unitId").GetGuid(), open.GetProperty("name").GetString()!);
    }
}
