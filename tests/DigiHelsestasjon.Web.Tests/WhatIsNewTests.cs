using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace DigiHelsestasjon.Web.Tests;

/// <summary>Issue 32, item 6: what the health station sent since last time is marked on the messages tab and on its
/// thread, and the marks go once the parent has read it.</summary>
public sealed class WhatIsNewTests(ITestOutputHelper output) : BrowserTest(output)
{
    static WhatIsNewTests() => SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task Given_a_message_from_the_health_station_When_the_parent_opens_her_childs_pages_Then_the_tab_and_the_thread_say_it_is_new_until_she_reads_it()
    {
        var personas = await GetJsonAsync("/simulators/folkeregisteret/personas");
        var child = personas.EnumerateArray().First(p => p.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == "child-under-12"));
        await PostJsonAsync("/simulators/epj/visma/messages", new { pid = child.GetProperty("pid").GetString(), unitId = await UnitAsync("visma", "health-station"), body = "Husk helsekortet til konsultasjonen." });
        var page = await NewPageAsync();
        await LoginAsCitizenAsync(page, "guardian");
        await page.Locator("a.choice").Filter(new() { HasText = child.GetProperty("name").GetString() }).ClickAsync();

        var tabs = page.GetByRole(AriaRole.Navigation, new() { Name = "Deler av siden" });
        var messagesTab = tabs.GetByRole(AriaRole.Link, new() { Name = "Meldinger" });
        await Expect(messagesTab).ToContainTextAsync("1 ny", new() { Timeout = 60_000 });
        await messagesTab.ClickAsync();
        await Expect(page.GetByText("Dette har skjedd siden sist")).ToBeVisibleAsync();
        var unread = page.Locator("li.card.unread");
        await Expect(unread).ToHaveCountAsync(1);
        await Expect(unread).ToContainTextAsync("1 ny");
        await AccessibleAsync(page, "messages with one unread");
        await ScreenshotAsync(page, "citizen-messages-unread");

        await unread.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByText("Husk helsekortet til konsultasjonen.")).ToBeVisibleAsync();
        await Expect(messagesTab.Locator(".badge")).ToHaveCountAsync(0);
        await messagesTab.ClickAsync();
        await Expect(page.Locator("li.card").First).ToBeVisibleAsync();
        await Expect(page.Locator("li.card.unread")).ToHaveCountAsync(0);
        await Expect(page.GetByText("Dette har skjedd siden sist")).ToHaveCountAsync(0);
    }
}
