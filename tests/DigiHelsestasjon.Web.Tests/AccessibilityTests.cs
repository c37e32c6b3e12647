using Microsoft.Playwright;
using Shouldly;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace DigiHelsestasjon.Web.Tests;

/// <summary>Every page through axe (WCAG 2.1 A and AA), in bokmål and nynorsk, at 360 and 1280 pixels wide, with a
/// screenshot of each as a test artifact.</summary>
public sealed class AccessibilityTests(ITestOutputHelper output) : BrowserTest(output)
{
    static AccessibilityTests() => SetDefaultExpectTimeout(20_000);

    public static TheoryData<string, int> Variants => new() { { "nb", 360 }, { "nb", 1280 }, { "nn", 360 }, { "nn", 1280 } };

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Given_every_page_When_axe_checks_it_Then_there_is_no_serious_or_critical_violation(string language, int width)
    {
        var visma = await UnitAsync("visma", "health-station");
        var child = await PersonaAsync("child-under-12");
        await PostJsonAsync("/simulators/epj/visma/messages", new { pid = child.Pid, unitId = visma, body = "Velkommen til 4-årskonsultasjonen. Ta med helsekortet." });

        var citizen = await InLanguageAsync(width, language);
        await citizen.GotoAsync("/");
        await CheckAsync(citizen, "home", language, width);
        await LoginAsCitizenAsync(citizen, "guardian");
        await CheckAsync(citizen, "citizen-choose-whom", language, width);
        await citizen.Locator("a.choice").Filter(new() { HasText = child.Name }).ClickAsync();
        await Expect(UpcomingAppointments(citizen)).ToBeVisibleAsync();
        await CheckAsync(citizen, "citizen-appointments", language, width);
        var subjectPages = citizen.Url.Replace("/avtaler", "", StringComparison.Ordinal);
        await citizen.GotoAsync(subjectPages + "/meldinger");
        await Expect(citizen.Locator("li.card").First).ToBeVisibleAsync();
        await CheckAsync(citizen, "citizen-messages", language, width);
        await citizen.Locator("li.card a").First.ClickAsync();
        await Expect(citizen.Locator("ol.messages li").First).ToBeVisibleAsync();
        await CheckAsync(citizen, "citizen-thread", language, width);
        await citizen.GotoAsync(subjectPages + "/meldinger/ny");
        await Expect(citizen.Locator("#unit option").First).ToBeAttachedAsync();
        await CheckAsync(citizen, "citizen-new-message", language, width);
        await citizen.GotoAsync(subjectPages + "/innsynslogg");
        await Expect(AccessLogEntries(citizen)).ToBeVisibleAsync();
        await CheckAsync(citizen, "citizen-access-log", language, width);
        await citizen.GotoAsync(subjectPages + "/kalender");
        await Expect(citizen.Locator("#calendar-title")).ToBeVisibleAsync();
        await CheckAsync(citizen, "citizen-calendar-link", language, width);
        await citizen.GotoAsync(subjectPages + "/bestill");
        await Expect(FreeSlots(citizen).First).ToBeVisibleAsync();
        await CheckAsync(citizen, "citizen-booking", language, width);
        await citizen.GotoAsync(subjectPages + "/helse");
        await Expect(Vaccinations(citizen)).ToBeVisibleAsync();
        await CheckAsync(citizen, "citizen-health-records", language, width);
        await citizen.GotoAsync("/innbygger");
        await citizen.Locator("a.choice").First.ClickAsync();
        var selfPages = citizen.Url.Replace("/avtaler", "", StringComparison.Ordinal);
        await citizen.GotoAsync(selfPages + "/varsler");
        await Expect(citizen.Locator("#notice-channel")).ToBeVisibleAsync();
        await CheckAsync(citizen, "citizen-notices", language, width);
        await citizen.GotoAsync(selfPages + "/fullmakter");
        await Expect(citizen.Locator("#receiver")).ToBeVisibleAsync();
        await CheckAsync(citizen, "citizen-powers-of-attorney", language, width);

        var youth = await InLanguageAsync(width, language);
        await youth.GotoAsync("/ungdom/chat");
        await youth.Locator("#chat-municipality").SelectOptionAsync("9901");
        await Expect(youth.Locator("li.card").First).ToBeVisibleAsync();
        await CheckAsync(youth, "youth-chat-start", language, width);
        await youth.Locator("li.card button").First.ClickAsync();
        await Expect(ChatStatus(youth)).ToBeVisibleAsync();
        await CheckAsync(youth, "youth-chat-waiting", language, width);
        await youth.GetByRole(AriaRole.Button, new() { Name = language == "nn" ? "Hald fram samtalen innlogga" : "Fortsett samtalen innlogget" }).ClickAsync();
        await Expect(youth.Locator("#handover-message")).ToBeVisibleAsync();
        await CheckAsync(youth, "youth-chat-hand-over", language, width);

        var nurse = await InLanguageAsync(width, language);
        await LoginAsStaffAsync(nurse, "nurse", await OpenChatUnitAsync("9901"));
        await Expect(ChatQueue(nurse).Locator("li").First).ToBeVisibleAsync();
        await CheckAsync(nurse, "staff-chat-queue", language, width);

        var admin = await InLanguageAsync(width, language);
        await LoginAsStaffAsync(admin, "admin", visma);
        await Expect(admin.Locator("figure").First).ToBeVisibleAsync();
        await CheckAsync(admin, "staff-admin", language, width);
        await admin.GotoAsync("/ansatt/admin/epj");
        await Expect(admin.Locator("#epj-state")).ToBeVisibleAsync();
        await admin.Locator("#epj-state").SelectOptionAsync("");
        await Expect(EpjItems(admin)).ToBeVisibleAsync();
        await CheckAsync(admin, "staff-epj-items", language, width);
        await admin.GotoAsync("/ansatt/admin/tekster");
        await Expect(admin.Locator("li.card").First).ToBeVisibleAsync();
        await CheckAsync(admin, "staff-appointment-texts", language, width);
        await admin.GotoAsync("/ansatt/admin/timebestilling");
        await Expect(SelfBookingUnits(admin).Locator("li.card").First).ToBeVisibleAsync();
        await CheckAsync(admin, "staff-self-booking", language, width);
    }

    private async Task<Guid> OpenChatUnitAsync(string kommunenummer)
    {
        var units = await GetJsonAsync($"/api/v1/youth-chat/units?municipality={kommunenummer}");
        return units.EnumerateArray().First(u => u.GetProperty("openNow").GetBoolean()).GetProperty("unitId").GetGuid();
    }

    /// <summary>A person who chose this written form earlier (the choice is remembered on the device).</summary>
    private async Task<IPage> InLanguageAsync(int width, string language)
    {
        var page = await NewPageAsync(width, 800);
        await page.Context.AddInitScriptAsync($"window.localStorage.setItem('dh.language', '{language}')");
        return page;
    }

    private async Task CheckAsync(IPage page, string name, string language, int width)
    {
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await AccessibleAsync(page, $"{name} ({language}, {width} px)");
        var pageWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        pageWidth.ShouldBeLessThanOrEqualTo(width, $"{name} ({language}) fits {width} px without sideways scrolling");
        await ScreenshotAsync(page, $"{name}-{language}-{width}");
    }

    private async Task<(string Pid, string Name)> PersonaAsync(string tag)
    {
        var personas = await GetJsonAsync("/simulators/folkeregisteret/personas");
        var persona = personas.EnumerateArray().First(p => p.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == tag));
        return (persona.GetProperty("pid").GetString()!, persona.GetProperty("name").GetString()!);
    }
}
