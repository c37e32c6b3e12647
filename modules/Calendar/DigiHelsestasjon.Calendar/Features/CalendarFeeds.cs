using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DigiHelsestasjon.BuildingBlocks.Contracts;
using DigiHelsestasjon.Calendar.Persistence;
using DigiHelsestasjon.Identity.Contracts;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace DigiHelsestasjon.Calendar.Features;

/// <summary>Creates a feed (revoking the actor's earlier one for this subject); returns the token, shown once.</summary>
internal sealed record CreateCalendarFeed(SubjectAccessDecision Access, Guid SubjectId) : ICommand<string>;

internal sealed record RevokeCalendarFeeds(SubjectAccessDecision Access, Guid SubjectId) : ICommand<int>;

/// <summary>The feed's iCalendar text, or null for an unknown, revoked or no longer permitted feed.</summary>
internal sealed record RenderCalendarFeed(string Token) : ICommand<string?>;

internal sealed class CalendarFeedHandlers(CalendarDbContext db, IMediator mediator, TimeProvider time) :
    IRequestHandler<CreateCalendarFeed, string>,
    IRequestHandler<RevokeCalendarFeeds, int>,
    IRequestHandler<RenderCalendarFeed, string?>
{
    public async Task<string> Handle(CreateCalendarFeed request, CancellationToken cancellationToken)
    {
        await Handle(new RevokeCalendarFeeds(request.Access, request.SubjectId), cancellationToken);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        db.Feeds.Add(new CalendarFeed
        {
            Id = Guid.NewGuid(), SubjectId = request.SubjectId, ActorPersonId = request.Access.ActorPersonId,
            TokenHash = Hash(token), CreatedAt = time.GetUtcNow().UtcDateTime,
        });
        return token;
    }

    public async Task<int> Handle(RevokeCalendarFeeds request, CancellationToken cancellationToken)
    {
        var active = await db.Feeds.Where(f => f.SubjectId == request.SubjectId && f.ActorPersonId == request.Access.ActorPersonId && f.RevokedAt == null).ToListAsync(cancellationToken);
        foreach (var feed in active)
        {
            feed.RevokedAt = time.GetUtcNow().UtcDateTime;
        }

        return active.Count;
    }

    public async Task<string?> Handle(RenderCalendarFeed request, CancellationToken cancellationToken)
    {
        var hash = Hash(request.Token);
        var feed = await db.Feeds.AsNoTracking().FirstOrDefaultAsync(f => f.TokenHash == hash && f.RevokedAt == null, cancellationToken);
        var actorPid = feed is null ? null : await mediator.Send(new GetPersonPid(feed.ActorPersonId), cancellationToken);
        if (feed is null || actorPid is null)
        {
            return null;
        }

        // Checked again on every fetch: a child who turns 16 disappears from the parent's feed.
        var access = await mediator.Send(new AuthorizeSubjectAccess(actorPid, feed.SubjectId, Permissions.AppointmentsRead, "appointments.calendar-feed", "Kalenderabonnement"), cancellationToken);
        if (!access.Allowed)
        {
            return null;
        }

        var appointments = await db.Appointments.AsNoTracking().Where(a => a.PersonId == feed.SubjectId).OrderBy(a => a.Start).ToListAsync(cancellationToken);
        return ICalendar.Write(appointments.Where(a => access.MaySee(AppointmentAccess.Protection(a))), time.GetUtcNow());
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))).ToLowerInvariant();
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
