using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shouldly;
using static Microsoft.Playwright.Assertions;

namespace DigiHelsestasjon.Web.Tests;

/// <summary>The one check of "the page speaks the person's written form" that every browser test uses, so a word or code
/// found on one page is looked for on all of them.</summary>
public abstract partial class BrowserTest
{
    /// <summary>The page has settled into its content: its heading is there, no loader is left after the expect timeout,
    /// and its visible text holds no English, no problem code, no status or message-type code, no text key and no machine
    /// date.</summary>
    protected static async Task PlainAsync(IPage page, string where)
    {
        var language = await page.Locator("html").GetAttributeAsync("lang");
        await Expect(page.Locator("h1").First).ToBeVisibleAsync();
        await Expect(page.GetByLabel(language == "nn" ? "Lastar inn" : "Laster inn", new() { Exact = true })).ToHaveCountAsync(0);
        // Each visible text node on its own line: innerText runs adjacent links together ("tall" + "Meldinger").
        var text = await page.EvaluateAsync<string>("""
            () => {
                const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                const texts = [];
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                    if (node.parentElement?.checkVisibility() && node.textContent.trim()) texts.push(node.textContent.trim());
                }
                return texts.join('\n');
            }
            """);
        PlainText(text, where);
    }

    /// <summary>The word checks of <see cref="PlainAsync"/> on a text read some other way (a table's column, say).</summary>
    protected static void PlainText(string text, string where)
    {
        var words = WordPattern().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

        words.Where(English.Contains).ShouldBeEmpty($"{where}: English on the page");
        words.Where(ProblemCodes.Value.Contains).ShouldBeEmpty($"{where}: a problem's raw code on the page");
        words.Where(w => CodePattern().IsMatch(w) || TextKeyPattern().IsMatch(w)).ShouldBeEmpty($"{where}: a code or text key on the page");
        IsoDatePattern().IsMatch(text).ShouldBeFalse($"{where}: a machine date on the page");
        text.ShouldNotContain("[object", Case.Sensitive, $"{where}: an object printed as text");
    }

    /// <summary>Words an English error, button, missing translation or the API's own values show; none of them is a
    /// Norwegian word. Compared without case, so "Error" and "error" are one entry.</summary>
    private static readonly HashSet<string> English = new(StringComparer.OrdinalIgnoreCase)
    {
        // Errors, buttons and the API's problem texts.
        "error", "failed", "loading", "endpoint", "token", "undefined", "NaN", "expected", "invalid", "unauthorized",
        "forbidden", "exception", "submit", "cancel", "save", "please", "found", "subject", "request", "required",
        "the", "with", "your",
        // Status and kind values of bookings, messages, chats and journal deliveries.
        "requested", "confirmed", "queued", "active", "abandoned", "pending", "delivered", "journaled", "guardian",
        "booking", "slot", "health-station", "school-health", "dead-lettered", "pending-review", "citizen-message",
        "cancellation-decided", "slot-reservation", "youth-chat-transcript", "appointment-published",
        "health-service-message", "outcome-reported", "hpr",
    };

    /// <summary>The problem codes the client knows (src/problems.ts): shown raw, a person could not act on them.</summary>
    private static readonly Lazy<HashSet<string>> ProblemCodes = new(() =>
    {
        var source = File.ReadAllText(Path.Combine(Repository.Root, "host", "DigiHelsestasjon.Web", "src", "problems.ts"));
        var block = source[source.IndexOf("export const problemKeys", StringComparison.Ordinal)..];
        block = block[..block.IndexOf("};", StringComparison.Ordinal)];
        return [.. ProblemKeyPattern().Matches(block).Select(m => m.Groups[1].Value)];
    });

    [GeneratedRegex(@"[\p{L}\p{N}\[\]]+(?:[-_.][\p{L}\p{N}]+)*")]
    private static partial Regex WordPattern();

    /// <summary>kebab-case of three parts or more (an enum value or code), or a dotted action code ("bookings.create"; an
    /// abbreviation such as "f.eks." has a shorter first part): never Norwegian prose.</summary>
    [GeneratedRegex(@"^(?:[a-z]+-[a-z]+-[a-z]+|[a-z]{4,}\.[a-z-]{3,})")]
    private static partial Regex CodePattern();

    /// <summary>camelCase: an i18n key shown instead of its text.</summary>
    [GeneratedRegex(@"^[a-z]+[A-Z][A-Za-z]+$")]
    private static partial Regex TextKeyPattern();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}")]
    private static partial Regex IsoDatePattern();

    [GeneratedRegex(@"^\s*'?([a-z]+(?:-[a-z]+)*)'?:", RegexOptions.Multiline)]
    private static partial Regex ProblemKeyPattern();
}
