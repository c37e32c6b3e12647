using DigiHelsestasjon.BuildingBlocks.Security;
using DigiHelsestasjon.Calendar.Features;
using DigiHelsestasjon.Calendar.Features.BookingPlaces;
using DigiHelsestasjon.Calendar.Features.CreateCalendarFeed;
using DigiHelsestasjon.Calendar.Features.GetAppointment;
using DigiHelsestasjon.Calendar.Features.ListAppointmentInformation;
using DigiHelsestasjon.Calendar.Features.ListAppointments;
using DigiHelsestasjon.Calendar.Features.ListFreeSlotDays;
using DigiHelsestasjon.Calendar.Features.RemoveAppointmentInformation;
using DigiHelsestasjon.Calendar.Features.RenderCalendarFeed;
using DigiHelsestasjon.Calendar.Features.RequestCancellation;
using DigiHelsestasjon.Calendar.Features.RevokeCalendarFeeds;
using DigiHelsestasjon.Calendar.Features.SelfBooking;
using DigiHelsestasjon.Calendar.Features.SetAppointmentInformation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DigiHelsestasjon.Calendar;

/// <summary>The module's route groups and what they require; each use case maps its own endpoint in its folder.</summary>
internal static class CalendarEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var appointments = endpoints.MapGroup("/api/v1/subjects/{subjectId:guid}/appointments").WithTags("Calendar")
            .RequireAuthorization(PlatformPolicies.Citizen).RequireAssurance(AssuranceLevels.High);
        ListAppointmentsEndpoint.Map(appointments);
        GetAppointmentEndpoint.Map(appointments);
        RequestCancellationEndpoint.Map(appointments);

        var subject = endpoints.MapGroup("/api/v1/subjects/{subjectId:guid}").WithTags("Calendar")
            .RequireAuthorization(PlatformPolicies.Citizen).RequireAssurance(AssuranceLevels.High);
        ListFreeSlotsEndpoint.Map(subject);
        BookSlotEndpoint.Map(subject);
        ListBookingPlacesEndpoint.Map(subject);
        ListFreeSlotDaysEndpoint.Map(subject);

        var feed = endpoints.MapGroup("/api/v1/subjects/{subjectId:guid}/calendar-feed").WithTags("Calendar")
            .RequireAuthorization(PlatformPolicies.Citizen).RequireAssurance(AssuranceLevels.High);
        CreateCalendarFeedEndpoint.Map(feed);
        RevokeCalendarFeedsEndpoint.Map(feed);
        RenderCalendarFeedEndpoint.Map(endpoints);

        var municipality = endpoints.MapGroup("/api/v1/admin/municipalities/{kommunenummer}").WithTags("Calendar")
            .RequireAuthorization(PlatformPolicies.Admin).RequireMunicipalityAdmin();
        ListAppointmentInformationEndpoint.Map(municipality);
        SetAppointmentInformationEndpoint.Map(municipality);
        RemoveAppointmentInformationEndpoint.Map(municipality);
        SelfBookingPolicyEndpoints.Map(municipality);
    }
}
