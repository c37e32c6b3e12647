using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shouldly;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace DigiHelsestasjon.Web.Tests;

/// <summary>Issue 32's walk: four people go through every page their day takes them to, in bokmål on a phone and in nynorsk
/// on a desk, and no page may show English, a raw code or a spinner that never ends. The pages are reached by the links
/// the person is shown (tabs, the admin's menu), so a new page is walked without changing this test.</summary>
public sealed partial class DayWalkTests(ITestOutputHelper output) : BrowserTest(output)
{
    static DayWalkTests() => SetDefaultExpectTimeout(20_000);

    public static TheoryData<string, int> Variants => new() { { "nb", 390 }, { "nn", 1280 } };

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Given_a_pupil_on_Feide_When_he_walks_every_page_he_is_shown_Then_each_speaks_his_written_form(string language, int width)
    {
        var page = await InLanguageAsync(width, language);
        await LoginAsCitizenAsync(page, "youth-12-15", "feide");

        await WalkTabsAsync(page, "Feide pupil", language);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Given_a_parent_When_she_walks_her_small_childs_and_her_14_year_olds_pages_Then_each_speaks_her_written_form(string language, int width)
    {
        var page = await InLanguageAsync(width, language);
        await LoginAsCitizenAsync(page, "guardian");
        await PlainAsync(page, "parent: whom", language);

        foreach (var tag in new[] { "child-under-12", "youth-12-15" })
        {
            await page.GotoAsync("/innbygger");
            await page.Locator("a.choice").Filter(new() { HasText = await NameOfAsync(tag) }).ClickAsync();
            await WalkTabsAsync(page, $"parent of {tag}", language);
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Given_a_nurse_When_a_youth_writes_and_she_takes_the_chat_Then_her_console_speaks_her_written_form(string language, int width)
    {
        var units = await GetJsonAsync("/api/v1/youth-chat/units?municipality=9901");
        var unit = units.EnumerateArray().First(u => u.GetProperty("openNow").GetBoolean());
        var youth = await InLanguageAsync(width, language);
        await youth.GotoAsync("/ungdom/chat");
        await youth.Locator("#chat-municipality").SelectOptionAsync("9901");
        await youth.Locator("li.card").Filter(new() { HasText = unit.GetProperty("name").GetString() }).GetByRole(AriaRole.Button).First.ClickAsync();
        await Expect(ChatStatus(youth)).ToBeVisibleAsync();
        await PlainAsync(youth, "youth: waiting", language);

        var nurse = await InLanguageAsync(width, language);
        await LoginAsStaffAsync(nurse, "nurse", unit.GetProperty("unitId").GetGuid());
        await Expect(ChatQueue(nurse).Locator("li").First).ToBeVisibleAsync();
        await PlainAsync(nurse, "nurse: queue", language);
        await ChatQueue(nurse).Locator("li").First.GetByRole(AriaRole.Button).First.ClickAsync();
        await Expect(nurse.Locator("textarea").First).ToBeVisibleAsync();
        await PlainAsync(nurse, "nurse: chat", language);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Given_an_admin_When_she_walks_every_page_of_her_menu_Then_each_speaks_her_written_form(string language, int width)
    {
        var page = await InLanguageAsync(width, language);
        await LoginAsStaffAsync(page, "admin", await UnitAsync("visma", "health-station"));
        await page.GotoAsync("/ansatt/admin");
        await PlainAsync(page, "admin", language);

        var pages = await page.Locator("main a[href^='/ansatt/admin/']").EvaluateAllAsync<string[]>("links => [...new Set(links.map(l => l.getAttribute('href')))]");
        pages.ShouldNotBeEmpty("the admin's pages are linked from her first page");
        foreach (var path in pages)
        {
            await page.GotoAsync(path);
            await PlainAsync(page, $"admin {path}", language);
        }
    }

    /// <summary>Every tab this person is shown for the person chosen, each checked.</summary>
    private async Task WalkTabsAsync(IPage page, string who, string language)
    {
        await PlainAsync(page, who, language);
        var tabs = await page.Locator("nav.tabs a").EvaluateAllAsync<string[]>("links => links.map(l => l.getAttribute('href'))");
        tabs.ShouldNotBeEmpty($"{who} is shown the parts of the pages");
        foreach (var tab in tabs)
        {
            await page.GotoAsync(tab);
            await PlainAsync(page, $"{who} {tab}", language);
        }
    }

    /// <summary>The page is in the person's written form, reads plainly (<see cref="BrowserTest.PlainAsync"/>) and axe finds
    /// nothing serious on it.</summary>
    private async Task PlainAsync(IPage page, string where, string language)
    {
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await PlainAsync(page, where);
        await AccessibleAsync(page, $"{where} ({language})");
    }

    private async Task<IPage> InLanguageAsync(int width, string language)
    {
        var page = await NewPageAsync(width, 800);
        await page.Context.AddInitScriptAsync($"window.localStorage.setItem('dh.language', '{language}')");
        return page;
    }

    private async Task<string> NameOfAsync(string tag) =>
        (await GetJsonAsync("/simulators/folkeregisteret/personas")).EnumerateArray()
            .First(p => p.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == tag)).GetProperty("name").GetString()!;
}
