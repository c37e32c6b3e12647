using Microsoft.Playwright;
using Shouldly;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace DigiHelsestasjon.Web.Tests;

/// <summary>Issue 32, items 1-3: a Feide pupil sees only what works, a parent of a 14-year-old sees only the tabs a parent
/// may use and why, a 16-year-old is listed but not opened, and no English or raw code shows.</summary>
public sealed class CapabilityPagesTests(ITestOutputHelper output) : BrowserTest(output)
{
    static CapabilityPagesTests() => SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task Given_a_pupil_on_Feide_When_he_opens_his_pages_Then_he_sees_only_what_Feide_reaches_and_one_way_to_ID_porten()
    {
        var page = await NewPageAsync();
        await LoginAsCitizenAsync(page, "youth-12-15", "feide");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Dine timer og meldinger");
        await Expect(page.GetByText("Mer finner du med ID-porten")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Logg inn med ID-porten" })).ToHaveCountAsync(1);
        var tabs = page.GetByRole(AriaRole.Navigation, new() { Name = "Deler av siden" });
        await Expect(tabs.GetByRole(AriaRole.Link, new() { Name = "Varsler" })).ToHaveCountAsync(0);
        await Expect(tabs.GetByRole(AriaRole.Link, new() { Name = "Fullmakter" })).ToHaveCountAsync(0);
        await AccessibleAsync(page, "citizen-feide");
        await ScreenshotAsync(page, "citizen-feide");

        await tabs.GetByRole(AriaRole.Link, new() { Name = "Meldinger" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Ny melding" }).ClickAsync();
        await Expect(page.Locator("#unit option").First).ToBeAttachedAsync();
        var units = await page.Locator("#unit option").AllInnerTextsAsync();
        units.ShouldAllBe(u => !u.StartsWith("Helsestasjonen ", StringComparison.Ordinal), "Feide writes only to the school health service and HFU");
        await PlainAsync(page, "Feide pupil: new message");
    }

    [Fact]
    public async Task Given_a_parent_When_she_chooses_whom_Then_her_16_year_old_is_listed_as_managing_this_themself_and_her_14_year_olds_pages_say_what_she_sees()
    {
        var personas = await GetJsonAsync("/simulators/folkeregisteret/personas");
        string Name(string tag) => personas.EnumerateArray().First(p => p.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == tag)).GetProperty("name").GetString()!;
        var page = await NewPageAsync();
        await LoginAsCitizenAsync(page, "guardian");

        var older = page.Locator(".choice-closed").Filter(new() { HasText = Name("youth-16-17") });
        await Expect(older).ToContainTextAsync("Fra 16 år ordner barnet ditt dette selv");
        await Expect(page.Locator("a.choice").Filter(new() { HasText = Name("youth-16-17") })).ToHaveCountAsync(0);
        await AccessibleAsync(page, "citizen-choose-whom-family");

        await page.Locator("a.choice").Filter(new() { HasText = Name("youth-12-15") }).ClickAsync();
        await Expect(page.GetByText("Dette ser du som forelder når barnet er 12–15 år")).ToBeVisibleAsync();
        var tabs = page.GetByRole(AriaRole.Navigation, new() { Name = "Deler av siden" });
        await Expect(tabs.GetByRole(AriaRole.Link, new() { Name = "Meldinger" })).ToHaveCountAsync(0);
        await Expect(tabs.GetByRole(AriaRole.Link, new() { Name = "Timeavtaler" })).ToBeVisibleAsync();
        await AccessibleAsync(page, "citizen-parent-of-youth");
        await ScreenshotAsync(page, "citizen-parent-of-youth");

        // A bookmark to the youth's messages says why not, in Norwegian, instead of an English error.
        await page.GotoAsync(page.Url.Replace("/avtaler", "/meldinger", StringComparison.Ordinal));
        await Expect(page.GetByText("Dette kan du ikke se for")).ToBeVisibleAsync();
        await PlainAsync(page, "parent of a youth: messages bookmark");
    }

    [Fact]
    public async Task Given_a_youth_When_she_opens_her_pages_Then_she_is_told_what_her_parents_can_and_cannot_see()
    {
        var page = await NewPageAsync();
        await LoginAsCitizenAsync(page, "youth-12-15");

        var note = page.Locator("main").GetByText("Foreldre med foreldreansvar kan se");
        await Expect(note).ToBeVisibleAsync();
        await Expect(page.GetByText("Det du tar opp med helsesykepleieren på skolen")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hvem gjelder det?" })).ToHaveCountAsync(0);
    }

}
