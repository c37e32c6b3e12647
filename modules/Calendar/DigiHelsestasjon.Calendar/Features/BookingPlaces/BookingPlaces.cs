using DigiHelsestasjon.Calendar.Features.SelfBooking;

namespace DigiHelsestasjon.Calendar.Features.BookingPlaces;

/// <summary>Why a place is offered: the person has appointments there (their own school's health service, their
/// helsestasjon), it is the youth clinic of the municipality they belong to, or no unit knows the person yet.</summary>
public static class BookingPlaceReasons
{
    public const string HasAppointmentsHere = "has-appointments-here";
    public const string YouthClinicOfMunicipality = "youth-clinic-of-municipality";
    public const string NoKnownUnit = "no-known-unit";
}

/// <summary>A unit this person may book at, with the kinds it opens to self-booking.</summary>
public sealed record BookingPlace(Guid UnitId, string UnitName, string UnitType, string Address, IReadOnlyList<string> Kinds, string Reason);

/// <summary>The places a person may book at: the units open to self-booking that the booking rules allow for this
/// relation and age, narrowed to the units this person belongs to. The population register names no school, so the
/// journals do: a unit where the person has appointments is theirs, and so is the youth clinic of that unit's
/// municipality (of schools, only the latest). A person no unit knows yet is offered every place the rules allow.</summary>
internal sealed class BookingPlaceFinder(CalendarDbContext db, IMediator mediator)
{
    public async Task<IReadOnlyList<BookingPlace>> ForAsync(SubjectAccessDecision access, Guid subjectId, CancellationToken cancellationToken)
    {
        var open = await db.SelfBookingKinds.AsNoTracking().Select(k => new { k.UnitId, k.Kind }).ToListAsync(cancellationToken);
        var seen = await db.Appointments.AsNoTracking().Where(a => a.PersonId == subjectId).Select(a => new { a.UnitId, a.Start }).ToListAsync(cancellationToken);
        var units = await mediator.Send(new GetUnits([.. open.Select(k => k.UnitId).Concat(seen.Select(a => a.UnitId)).Distinct()]), cancellationToken);

        // A pupil moves on (primary school, then lower secondary): of the schools in her journal, only the one of her latest
        // appointment is still hers.
        var school = seen.Where(a => units.TryGetValue(a.UnitId, out var unit) && unit.Type == UnitTypes.SchoolHealth).MaxBy(a => a.Start)?.UnitId;
        var ownUnitIds = seen.Select(a => a.UnitId).Distinct()
            .Where(id => !units.TryGetValue(id, out var unit) || unit.Type != UnitTypes.SchoolHealth || id == school).ToList();
        var municipalities = ownUnitIds.Where(units.ContainsKey).Select(id => units[id].Kommunenummer).ToHashSet(StringComparer.Ordinal);
        var bookable = units.Values.Where(u => open.Any(k => k.UnitId == u.UnitId) && SelfBookingRules.MayBook(access, u.Type)).ToList();
        return [.. bookable
            .Select(u => (Unit: u, Reason: ownUnitIds.Contains(u.UnitId) ? BookingPlaceReasons.HasAppointmentsHere
                : u.Type == UnitTypes.YouthClinic && municipalities.Contains(u.Kommunenummer) ? BookingPlaceReasons.YouthClinicOfMunicipality
                : ownUnitIds.Count == 0 ? BookingPlaceReasons.NoKnownUnit
                : null))
            .Where(p => p.Reason is not null)
            .OrderBy(p => p.Unit.Name, StringComparer.Ordinal)
            .Select(p => new BookingPlace(
                p.Unit.UnitId, p.Unit.Name, p.Unit.Type, p.Unit.Address,
                [.. open.Where(k => k.UnitId == p.Unit.UnitId).Select(k => k.Kind).Order(StringComparer.Ordinal)], p.Reason!))];
    }
}

/// <summary>The places this caller may book at for this subject.</summary>
internal sealed record ListBookingPlaces(SubjectAccessDecision Access, Guid SubjectId) : IQuery<IReadOnlyList<BookingPlace>>;

internal sealed class ListBookingPlacesHandler(BookingPlaceFinder places) : IRequestHandler<ListBookingPlaces, IReadOnlyList<BookingPlace>>
{
    public Task<IReadOnlyList<BookingPlace>> Handle(ListBookingPlaces request, CancellationToken cancellationToken) =>
        places.ForAsync(request.Access, request.SubjectId, cancellationToken);
}

internal static class ListBookingPlacesEndpoint
{
    public static void Map(IEndpointRouteBuilder subject) =>
        subject.MapGet("/booking-places", async Task<Ok<IReadOnlyList<BookingPlace>>> (Guid subjectId, HttpContext http, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListBookingPlaces(http.SubjectAccess<SubjectAccessDecision>(), subjectId), ct)))
            .RequireSubjectAccess(Permissions.AppointmentsBook, "bookings.places", "Vise hvor du kan bestille time");
}
