namespace DigiHelsestasjon.Calendar.Features.RenderCalendarFeed;

using DigiHelsestasjon.Calendar.Features.Appointments;
using DigiHelsestasjon.Calendar.Features.CalendarFeeds;

/// <summary>The feed's iCalendar text, or null for an unknown, revoked or no longer permitted feed.</summary>
internal sealed record RenderCalendarFeed(string Token) : ICommand<string?>;

internal sealed class RenderCalendarFeedHandler(CalendarDbContext db, IMediator mediator, TimeProvider time) : IRequestHandler<RenderCalendarFeed, string?>
{
    public async Task<string?> Handle(RenderCalendarFeed request, CancellationToken cancellationToken)
    {
        var hash = CalendarFeeds.Hash(request.Token);
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
}

internal static class RenderCalendarFeedEndpoint
{
    /// <summary>The subscription link itself: no token, the link is the secret.</summary>
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/calendar/{token}.ics", async Task<IResult> (string token, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new RenderCalendarFeed(token), ct) is { } calendar
                    ? Results.Text(calendar, "text/calendar; charset=utf-8")
                    : throw new NotFoundException("calendar feed"))
            .AllowAnonymous().WithTags("Calendar")
            .ProducesProblem(StatusCodes.Status404NotFound);
}
