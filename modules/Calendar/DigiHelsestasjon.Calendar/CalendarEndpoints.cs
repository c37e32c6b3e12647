using System.Security.Claims;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.BuildingBlocks.Security;
using DigiHelsestasjon.Calendar.Features;
using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Identity.Contracts;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace DigiHelsestasjon.Calendar;

public sealed record CancellationBody(string? Reason);

public sealed record FeedResponse(string Url);

internal static class CalendarEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/subjects/{subjectId:guid}/appointments").WithTags("Calendar")
            .RequireAuthorization(PlatformPolicies.Citizen).RequireAssurance(AssuranceLevels.High);
        group.MapGet("", ListAsync).RequireSubjectAccess(Permissions.AppointmentsRead, "appointments.list", "Vise timer");
        group.MapGet("/{appointmentId:guid}", GetAsync).RequireSubjectAccess(Permissions.AppointmentsRead, "appointments.read", "Vise en time");
        group.MapPost("/{appointmentId:guid}/cancellation", CancelAsync).RequireSubjectAccess(Permissions.AppointmentsCancel, "appointments.cancel", "Avbestille en time");

        var feed = endpoints.MapGroup("/api/v1/subjects/{subjectId:guid}/calendar-feed").WithTags("Calendar")
            .RequireAuthorization(PlatformPolicies.Citizen).RequireAssurance(AssuranceLevels.High);
        feed.MapPost("", CreateFeedAsync).RequireSubjectAccess(Permissions.AppointmentsRead, "appointments.calendar-feed.create", "Lage kalenderabonnement");
        feed.MapDelete("", RevokeFeedAsync).RequireSubjectAccess(Permissions.AppointmentsRead, "appointments.calendar-feed.revoke", "Stoppe kalenderabonnement");

        var admin = endpoints.MapGroup("/api/v1/admin/municipalities/{kommunenummer}").WithTags("Calendar")
            .RequireAuthorization(PlatformPolicies.Admin).RequireMunicipalityAdmin();
        admin.MapGet("/figures", FiguresAsync);
        admin.MapGet("/appointment-information", ListInformationAsync);
        admin.MapPut("/appointment-information/{match}", SetInformationAsync);
        admin.MapDelete("/appointment-information/{match}", RemoveInformationAsync);

        // The subscription link itself: no token, the link is the secret.
        endpoints.MapGet("/calendar/{token}.ics", RenderFeedAsync).AllowAnonymous().WithTags("Calendar");
    }

    private static async Task<Created<FeedResponse>> CreateFeedAsync(Guid subjectId, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        var token = await mediator.Send(new CreateCalendarFeed(http.SubjectAccess<SubjectAccessDecision>(), subjectId), ct);
        return TypedResults.Created((string?)null, new FeedResponse($"{PublicAddress.Of(http)}/calendar/{token}.ics"));
    }

    private static async Task<NoContent> RevokeFeedAsync(Guid subjectId, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new RevokeCalendarFeeds(http.SubjectAccess<SubjectAccessDecision>(), subjectId), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<BenefitFigures>> FiguresAsync(string kommunenummer, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetBenefitFigures(kommunenummer), ct));

    private static async Task<Ok<IReadOnlyList<AppointmentInformationText>>> ListInformationAsync(string kommunenummer, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListAppointmentInformation(kommunenummer), ct));

    private static async Task<Ok<AppointmentInformationText>> SetInformationAsync(
        string kommunenummer, string match, AppointmentInformationBody body, IMediator mediator, AppointmentInformationCatalog catalog, CancellationToken ct)
    {
        var text = await mediator.Send(new SetAppointmentInformation(kommunenummer, match, body?.Text ?? ""), ct);
        catalog.Forget(kommunenummer);
        return TypedResults.Ok(text);
    }

    private static async Task<NoContent> RemoveInformationAsync(string kommunenummer, string match, IMediator mediator, AppointmentInformationCatalog catalog, CancellationToken ct)
    {
        await mediator.Send(new RemoveAppointmentInformation(kommunenummer, match), ct);
        catalog.Forget(kommunenummer);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> RenderFeedAsync(string token, IMediator mediator, CancellationToken ct)
    {
        var calendar = await mediator.Send(new RenderCalendarFeed(token), ct);
        return calendar is null
            ? throw new NotFoundException("calendar feed")
            : Results.Text(calendar, "text/calendar; charset=utf-8");
    }

    private static async Task<Ok<IReadOnlyList<AppointmentResponse>>> ListAsync(Guid subjectId, DateTimeOffset? from, DateTimeOffset? to, HttpContext http, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListAppointments(http.SubjectAccess<SubjectAccessDecision>(), subjectId, from, to), ct));

    private static async Task<Ok<AppointmentResponse>> GetAsync(Guid subjectId, Guid appointmentId, HttpContext http, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetAppointment(http.SubjectAccess<SubjectAccessDecision>(), subjectId, appointmentId), ct));

    private static async Task<Accepted<AppointmentResponse>> CancelAsync(Guid subjectId, Guid appointmentId, CancellationBody body, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        var appointment = await mediator.Send(new RequestCancellation(http.SubjectAccess<SubjectAccessDecision>(), subjectId, appointmentId, body?.Reason ?? ""), ct);
        return TypedResults.Accepted($"/api/v1/subjects/{subjectId}/appointments/{appointmentId}", appointment);
    }
}
