using DigiHelsestasjon.Notifications.Contracts;
using DigiHelsestasjon.Notifications.Features;
using DigiHelsestasjon.Notifications.Features.Templates;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Notifications.Tests;

/// <summary>The content rule: a notice says only that there is something to see. Every template is rendered with every
/// fact a notice could know filled in (as placeholders a careless change might add), and none of them may show.</summary>
public sealed class TemplateTests
{
    /// <summary>Real data of the kind a notice must never carry.</summary>
    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["appointmentType"] = "Vaksinasjon HPV",
        ["messageText"] = "Barnet har feber og utslett",
        ["unitName"] = "Skolehelsetjenesten Fjordvik ungdomsskole",
        ["unitAddress"] = "Skoleveien 10, Fjordvik",
        ["name"] = "Kari Hemmelig Nordmann",
        ["childName"] = "Ola Hemmelig Nordmann",
        ["subject"] = "Spørsmål om prevensjon",
        ["pid"] = "13817397584",
    };

    [Fact]
    public void Given_every_template_in_both_languages_When_rendered_with_every_fact_known_Then_none_of_the_facts_shows()
    {
        TemplateCheck.Leaks(NoticeTemplates.All).ShouldBeEmpty();
        NoticeTemplates.All.Keys.Select(k => k.Kind).Distinct().Order().ShouldBe(NoticeKinds.All.Order(), "every kind has templates");
        NoticeTemplates.All.Keys.Count().ShouldBe(NoticeKinds.All.Count * 2, "bokmål and nynorsk for each");
    }

    [Fact]
    public void Given_every_template_When_read_Then_it_names_this_service_as_where_to_log_in_and_not_helsenorge()
    {
        NoticeTemplates.All.Values.ShouldAllBe(text => text.Contains("Logg inn på " + NoticeTemplates.ServiceName, StringComparison.Ordinal));
        NoticeTemplates.All.Values.ShouldAllBe(text => !text.Contains("helsenorge", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Given_a_template_changed_to_include_the_appointment_type_When_checked_Then_the_check_fails()
    {
        var changed = NoticeTemplates.All.ToDictionary(p => p.Key, p => p.Value);
        changed[(NoticeKinds.Reminder, "nb")] = "Påminnelse: {appointmentType} {time}.";

        TemplateCheck.Leaks(changed).ShouldHaveSingleItem().ShouldContain("Vaksinasjon HPV");
    }

    [Fact]
    public void Given_a_reminder_When_rendered_Then_it_names_the_time_in_Oslo_in_the_persons_language()
    {
        var start = new DateTime(2026, 11, 24, 9, 30, 0, DateTimeKind.Utc);

        NoticeTemplates.Render(NoticeKinds.Reminder, "nb", NoticeTemplates.ValuesFor("nb", start)).Text.ShouldContain("tirsdag 24. november kl. 10:30");
        NoticeTemplates.Render(NoticeKinds.Reminder, "nn", NoticeTemplates.ValuesFor("nn", start)).Text.ShouldContain("tysdag 24. november kl. 10:30");
    }

    private static class TemplateCheck
    {
        public static List<string> Leaks(IReadOnlyDictionary<(string Kind, string Language), string> templates)
        {
            var leaks = new List<string>();
            foreach (var ((kind, language), template) in templates)
            {
                var text = template;
                foreach (var (name, value) in Secrets.Append(new("time", "tirsdag 24. november kl. 10:30")))
                {
                    text = text.Replace("{" + name + "}", value, StringComparison.Ordinal);
                }

                var rendered = NoticeTemplates.Render(kind, language, new Dictionary<string, string> { ["time"] = "tirsdag 24. november kl. 10:30" });
                foreach (var secret in Secrets.Values.Where(v => text.Contains(v, StringComparison.OrdinalIgnoreCase)
                    || rendered.Text.Contains(v, StringComparison.OrdinalIgnoreCase) || rendered.Body.Contains(v, StringComparison.OrdinalIgnoreCase)))
                {
                    leaks.Add($"{kind}/{language}: {secret}");
                }
            }

            return leaks;
        }
    }
}
