namespace DigiHelsestasjon.Calendar.Features.RevokeCalendarFeeds;

using DigiHelsestasjon.Calendar.Features.CalendarFeeds;

internal sealed record RevokeCalendarFeeds(SubjectAccessDecision Access, Guid SubjectId) : ICommand<int>;

internal sealed class RevokeCalendarFeedsHandler(CalendarDbContext db, TimeProvider time) : IRequestHandler<RevokeCalendarFeeds, int>
{
    public Task<int> Handle(RevokeCalendarFeeds request, CancellationToken cancellationToken) =>
        CalendarFeeds.RevokeAsync(db, request.SubjectId, request.Access.ActorPersonId, time.GetUtcNow().UtcDateTime, cancellationToken);
}

internal static class RevokeCalendarFeedsEndpoint
{
    public static void Map(IEndpointRouteBuilder feed) =>
        feed.MapDelete("", async Task<NoContent> (Guid subjectId, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new RevokeCalendarFeeds(http.SubjectAccess<SubjectAccessDecision>(), subjectId), ct);
                return TypedResults.NoContent();
            })
            .RequireSubjectAccess(Permissions.AppointmentsRead, "appointments.calendar-feed.revoke", "Stoppe kalenderabonnement");
}
