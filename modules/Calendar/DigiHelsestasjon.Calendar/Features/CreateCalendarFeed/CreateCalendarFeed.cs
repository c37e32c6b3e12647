using DigiHelsestasjon.Calendar.Persistence.Entities;

namespace DigiHelsestasjon.Calendar.Features.CreateCalendarFeed;

using DigiHelsestasjon.Calendar.Features.CalendarFeeds;

/// <summary>Creates a feed (revoking the actor's earlier one for this subject); returns the token, shown once.</summary>
internal sealed record CreateCalendarFeed(SubjectAccessDecision Access, Guid SubjectId) : ICommand<string>;

internal sealed class CreateCalendarFeedHandler(CalendarDbContext db, TimeProvider time) : IRequestHandler<CreateCalendarFeed, string>
{
    public async Task<string> Handle(CreateCalendarFeed request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await CalendarFeeds.RevokeAsync(db, request.SubjectId, request.Access.ActorPersonId, now, cancellationToken);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        db.Feeds.Add(new CalendarFeed
        {
            Id = Guid.NewGuid(), SubjectId = request.SubjectId, ActorPersonId = request.Access.ActorPersonId,
            TokenHash = CalendarFeeds.Hash(token), CreatedAt = now,
        });
        return token;
    }
}

internal static class CreateCalendarFeedEndpoint
{
    public static void Map(IEndpointRouteBuilder feed) =>
        feed.MapPost("", async Task<Created<FeedResponse>> (Guid subjectId, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var token = await mediator.Send(new CreateCalendarFeed(http.SubjectAccess<SubjectAccessDecision>(), subjectId), ct);
                return TypedResults.Created((string?)null, new FeedResponse($"{PublicAddress.Of(http)}/calendar/{token}.ics"));
            })
            .RequireSubjectAccess(Permissions.AppointmentsRead, "appointments.calendar-feed.create", "Lage kalenderabonnement");
}
