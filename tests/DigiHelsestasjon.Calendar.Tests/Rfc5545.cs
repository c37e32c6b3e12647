using System.Text;

namespace DigiHelsestasjon.Calendar.Tests;

/// <summary>The RFC 5545 rules a calendar client relies on: CRLF lines of at most 75 octets, balanced
/// components, the required properties of VCALENDAR and VEVENT, UTC date-times.</summary>
internal static class Rfc5545
{
    public static IReadOnlyList<string> Problems(string ics)
    {
        var problems = new List<string>();
        if (!ics.EndsWith("\r\n", StringComparison.Ordinal) || ics.Replace("\r\n", "", StringComparison.Ordinal).Contains('\n', StringComparison.Ordinal))
        {
            problems.Add("lines must end with CRLF");
        }

        var physical = ics.Split("\r\n")[..^1];
        problems.AddRange(physical.Where(l => Encoding.UTF8.GetByteCount(l) > 75).Select(l => $"longer than 75 octets: {l}"));
        var lines = new List<string>();
        foreach (var line in physical)
        {
            if (line.StartsWith(' ') && lines.Count > 0)
            {
                lines[^1] += line[1..];
            }
            else
            {
                lines.Add(line);
            }
        }

        if (lines.FirstOrDefault() != "BEGIN:VCALENDAR" || lines.LastOrDefault() != "END:VCALENDAR")
        {
            problems.Add("must begin and end with VCALENDAR");
        }

        var stack = new Stack<string>();
        var properties = new List<(string Component, string Name)>();
        foreach (var line in lines)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                problems.Add($"not a content line: {line}");
                continue;
            }

            var (name, value) = (line[..colon].Split(';')[0], line[(colon + 1)..]);
            if (name == "BEGIN")
            {
                stack.Push(value);
            }
            else if (name == "END")
            {
                if (stack.Count == 0 || stack.Pop() != value)
                {
                    problems.Add($"unbalanced END:{value}");
                }
            }
            else
            {
                properties.Add((stack.Count > 0 ? stack.Peek() : "", name));
                if (name is "DTSTART" or "DTEND" or "DTSTAMP" && !(value.Length == 16 && value.EndsWith('Z') && value[8] == 'T'))
                {
                    problems.Add($"{name} is not a UTC date-time: {value}");
                }
            }
        }

        foreach (var required in new[] { "VERSION", "PRODID" })
        {
            if (!properties.Contains(("VCALENDAR", required)))
            {
                problems.Add($"VCALENDAR lacks {required}");
            }
        }

        var events = lines.Count(l => l == "BEGIN:VEVENT");
        foreach (var required in new[] { "UID", "DTSTAMP", "DTSTART" })
        {
            if (properties.Count(p => p == ("VEVENT", required)) != events)
            {
                problems.Add($"a VEVENT lacks {required}");
            }
        }

        return problems;
    }
}
