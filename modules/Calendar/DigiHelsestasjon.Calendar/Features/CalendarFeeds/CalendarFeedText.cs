using DigiHelsestasjon.Calendar.Persistence.Entities;

namespace DigiHelsestasjon.Calendar.Features.CalendarFeeds;

public sealed record FeedResponse(string Url);

/// <summary>What the feed use cases share: only a token's hash is stored, and revoking is one rule.</summary>
internal static class CalendarFeeds
{
    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))).ToLowerInvariant();

    /// <summary>Revokes the actor's active feeds of the subject; returns how many.</summary>
    public static async Task<int> RevokeAsync(CalendarDbContext db, Guid subjectId, Guid actorPersonId, DateTime now, CancellationToken cancellationToken)
    {
        var active = await db.Feeds.Where(f => f.SubjectId == subjectId && f.ActorPersonId == actorPersonId && f.RevokedAt == null).ToListAsync(cancellationToken);
        foreach (var feed in active)
        {
            feed.RevokedAt = now;
        }

        return active.Count;
    }
}

/// <summary>RFC 5545 with the least content: the time and "Time på helsestasjonen". Never the type,
/// the unit or the practitioner, since the feed is readable by anyone holding the link.</summary>
internal static class ICalendar
{
    public const string Summary = "Time på helsestasjonen";

    public static string Write(IEnumerable<Appointment> appointments, DateTimeOffset now)
    {
        var text = new StringBuilder();
        void Line(string line) => text.Append(Fold(line)).Append("\r\n");
        Line("BEGIN:VCALENDAR");
        Line("VERSION:2.0");
        Line("PRODID:-//DigiHelsestasjon//Kalender//NB");
        Line("CALSCALE:GREGORIAN");
        Line("METHOD:PUBLISH");
        Line("X-WR-CALNAME:Helsestasjonen");
        foreach (var a in appointments)
        {
            Line("BEGIN:VEVENT");
            Line($"UID:{a.Id}@digihelsestasjon");
            Line($"DTSTAMP:{Utc(now.UtcDateTime)}");
            Line($"DTSTART:{Utc(a.Start)}");
            Line($"DTEND:{Utc(a.End)}");
            Line($"SUMMARY:{Summary}");
            Line($"SEQUENCE:{Math.Min(a.Version, int.MaxValue)}");
            Line($"STATUS:{(a.Status == "cancelled" ? "CANCELLED" : "CONFIRMED")}");
            Line("END:VEVENT");
        }

        Line("END:VCALENDAR");
        return text.ToString();
    }

    private static string Utc(DateTime time) => time.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    // Lines longer than 75 octets are folded (RFC 5545 3.1).
    private static string Fold(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        if (bytes.Length <= 75)
        {
            return line;
        }

        var result = new StringBuilder();
        var count = 0;
        foreach (var ch in line)
        {
            var size = Encoding.UTF8.GetByteCount(ch.ToString());
            if (count + size > 75)
            {
                result.Append("\r\n ");
                count = 1;
            }

            result.Append(ch);
            count += size;
        }

        return result.ToString();
    }
}
