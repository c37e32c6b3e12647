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
        group.MapGet("", ListAsync);
        group.MapGet("/{appointmentId:guid}", GetAsync);
        group.MapPost("/{appointmentId:guid}/cancellation", CancelAsync);

        var feed = endpoints.MapGroup("/api/v1/subjects/{subjectId:guid}/calendar-feed").WithTags("Calendar")
            .RequireAuthorization(PlatformPolicies.Citizen).RequireAssurance(AssuranceLevels.High);
        feed.MapPost("", CreateFeedAsync);
        feed.MapDelete("", RevokeFeedAsync);

        var admin = endpoints.MapGroup("/api/v1/admin/municipalities/{kommunenummer}").WithTags("Calendar").RequireAuthorization(PlatformPolicies.Admin);
        admin.MapGet("/figures", FiguresAsync);
        admin.MapGet("/appointment-information", ListInformationAsync);
        admin.MapPut("/appointment-information/{match}", SetInformationAsync);
        admin.MapDelete("/appointment-information/{match}", RemoveInformationAsync);

        // The subscription link itself: no token, the link is the secret.
        endpoints.MapGet("/calendar/{token}.ics", RenderFeedAsync).AllowAnonymous().WithTags("Calendar");
    }

    private static async Task<Created<FeedResponse>> CreateFeedAsync(Guid subjectId, HttpRequest http, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        var access = await AuthorizeAsync(mediator, user, subjectId, Permissions.AppointmentsRead, "appointments.calendar-feed.create", "Lage kalenderabonnement", ct);
        var token = await mediator.Send(new CreateCalendarFeed(access, subjectId), ct);
        return TypedResults.Created((string?)null, new FeedResponse($"{PublicAddress.Of(http.HttpContext)}/calendar/{token}.ics"));
    }

    private static async Task<NoContent> RevokeFeedAsync(Guid subjectId, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        var access = await AuthorizeAsync(mediator, user, subjectId, Permissions.AppointmentsRead, "appointments.calendar-feed.revoke", "Stoppe kalenderabonnement", ct);
        await mediator.Send(new RevokeCalendarFeeds(access, subjectId), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<BenefitFigures>> FiguresAsync(string kommunenummer, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        await AdministersAsync(mediator, user, kommunenummer, ct);
        return TypedResults.Ok(await mediator.Send(new GetBenefitFigures(kommunenummer), ct));
    }

    private static async Task<Ok<IReadOnlyList<AppointmentInformationText>>> ListInformationAsync(string kommunenummer, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        await AdministersAsync(mediator, user, kommunenummer, ct);
        return TypedResults.Ok(await mediator.Send(new ListAppointmentInformation(kommunenummer), ct));
    }

    private static async Task<Ok<AppointmentInformationText>> SetInformationAsync(
        string kommunenummer, string match, AppointmentInformationBody body, ClaimsPrincipal user, IMediator mediator, AppointmentInformationCatalog catalog, CancellationToken ct)
    {
        await AdministersAsync(mediator, user, kommunenummer, ct);
        var text = await mediator.Send(new SetAppointmentInformation(kommunenummer, match, body?.Text ?? ""), ct);
        catalog.Forget(kommunenummer);
        return TypedResults.Ok(text);
    }

    private static async Task<NoContent> RemoveInformationAsync(string kommunenummer, string match, ClaimsPrincipal user, IMediator mediator, AppointmentInformationCatalog catalog, CancellationToken ct)
    {
        await AdministersAsync(mediator, user, kommunenummer, ct);
        await mediator.Send(new RemoveAppointmentInformation(kommunenummer, match), ct);
        catalog.Forget(kommunenummer);
        return TypedResults.NoContent();
    }

    /// <summary>An admin sees only the municipalities of the units in their HelseID token; any other is 404.</summary>
    private static async Task AdministersAsync(IMediator mediator, ClaimsPrincipal user, string kommunenummer, CancellationToken ct)
    {
        var administered = await mediator.Send(new GetMunicipalitiesOfUnits(user.UnitIds()), ct);
        if (!administered.Contains(kommunenummer))
        {
            throw new NotFoundException("municipality");
        }
    }

    private static async Task<IResult> RenderFeedAsync(string token, IMediator mediator, CancellationToken ct)
    {
        var calendar = await mediator.Send(new RenderCalendarFeed(token), ct);
        return calendar is null
            ? throw new NotFoundException("calendar feed")
            : Results.Text(calendar, "text/calendar; charset=utf-8");
    }

    private static async Task<Ok<IReadOnlyList<AppointmentResponse>>> ListAsync(Guid subjectId, DateTimeOffset? from, DateTimeOffset? to, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        var access = await AuthorizeAsync(mediator, user, subjectId, Permissions.AppointmentsRead, "appointments.list", "Vise timer", ct);
        return TypedResults.Ok(await mediator.Send(new ListAppointments(access, subjectId, from, to), ct));
    }

    private static async Task<Ok<AppointmentResponse>> GetAsync(Guid subjectId, Guid appointmentId, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        var access = await AuthorizeAsync(mediator, user, subjectId, Permissions.AppointmentsRead, "appointments.read", "Vise en time", ct);
        return TypedResults.Ok(await mediator.Send(new GetAppointment(access, subjectId, appointmentId), ct));
    }

    private static async Task<Accepted<AppointmentResponse>> CancelAsync(Guid subjectId, Guid appointmentId, CancellationBody body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        var access = await AuthorizeAsync(mediator, user, subjectId, Permissions.AppointmentsCancel, "appointments.cancel", "Avbestille en time", ct);
        var appointment = await mediator.Send(new RequestCancellation(access, subjectId, appointmentId, body?.Reason ?? ""), ct);
        return TypedResults.Accepted($"/api/v1/subjects/{subjectId}/appointments/{appointmentId}", appointment);
    }

    /// <summary>Logged by Identity; a refusal is 404 so nothing about the subject leaks.</summary>
    private static async Task<SubjectAccessDecision> AuthorizeAsync(IMediator mediator, ClaimsPrincipal user, Guid subjectId, string permission, string action, string purpose, CancellationToken ct)
    {
        var decision = await mediator.Send(new AuthorizeSubjectAccess(user.Pid()!, subjectId, permission, action, purpose), ct);
        return decision.Allowed ? decision : throw new NotFoundException("subject");
    }
}
