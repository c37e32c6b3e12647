using System.Text;
using System.Text.Json;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Shouldly;

namespace DigiHelsestasjon.Calendar.Tests;

/// <summary>The calendar feed read the way a calendar client reads it: parsed by Ical.Net, which refuses lines that are
/// not content lines and unbalanced BEGIN/END, so the tests assert on the events it found.</summary>
internal static class IcsFeed
{
    public static Ical.Net.Calendar Parse(string ics)
    {
        // Ical.Net reads bare LF line ends and unfolded lines of any length without complaint, while RFC 5545 3.1 wants
        // CRLF and lines of at most 75 octets (some clients cut longer ones), so these two rules are checked here.
        ics.ShouldEndWith("\r\n");
        ics.Replace("\r\n", "", StringComparison.Ordinal).ShouldNotContain('\n', customMessage: "every line ends with CRLF");
        ics.Split("\r\n").Where(line => Encoding.UTF8.GetByteCount(line) > 75).ShouldBeEmpty("lines longer than 75 octets are folded");
        return Ical.Net.Calendar.Load(ics).ShouldNotBeNull();
    }

    /// <summary>The feed's event for an appointment as the API lists it (the UID is the platform's appointment id).</summary>
    public static CalendarEvent Event(Ical.Net.Calendar calendar, JsonElement appointment) =>
        calendar.Events.Where(e => e.Uid == $"{appointment.GetProperty("appointmentId").GetGuid()}@digihelsestasjon")
            .ShouldHaveSingleItem("the appointment is in the feed once");

    /// <summary>The feed writes date-times to the second.</summary>
    public static DateTime ToSecond(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }
}
