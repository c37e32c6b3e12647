using DigiHelsestasjon.Calendar.Features.Appointments;
using DigiHelsestasjon.Calendar.Features.BookingPlaces;
using DigiHelsestasjon.Calendar.Features.SelfBooking;

namespace DigiHelsestasjon.Calendar.Features.ListFreeSlotDays;

/// <summary>An appointment the person already has at that time (one the caller may see).</summary>
public sealed record OverlappingAppointment(Guid AppointmentId, DateTimeOffset Start, DateTimeOffset End, Guid UnitId);

/// <summary>A free time; <paramref name="Overlaps"/> is not empty when the person already has a time then (a warning, not a
/// refusal: the person may mean to move it). <paramref name="TakesNote"/>: the unit's journal keeps what a booking is about,
/// so the booking may carry a note.</summary>
public sealed record BookableSlot(string SlotId, DateTimeOffset Start, DateTimeOffset End, Guid UnitId, string UnitName, string Kind, IReadOnlyList<OverlappingAppointment> Overlaps, bool TakesNote);

/// <param name="Date">The day in Norway (Europe/Oslo).</param>
public sealed record FreeSlotDay(DateOnly Date, IReadOnlyList<BookableSlot> Slots);

/// <param name="Days">This page's days that have free times, earliest first.</param>
/// <param name="More">Later days with free times follow on the next page.</param>
/// <param name="UnavailableUnits">Places whose journal did not answer: their times are missing, say so.</param>
public sealed record FreeSlotDaysPage(IReadOnlyList<FreeSlotDay> Days, int Page, bool More, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<Guid> UnavailableUnits);

/// <summary>Every free time at the places this person may book at (<see cref="BookingPlaceFinder"/>) in the window (by
/// default the four weeks from now that the booking page promises), grouped by day and paged by days, each marked when
/// the person already has an appointment then.</summary>
internal sealed record ListFreeSlotDays(SubjectAccessDecision Access, Guid SubjectId, Guid? UnitId, string? Kind, DateTimeOffset? From, DateTimeOffset? To, int Page, int DaysPerPage)
    : IQuery<FreeSlotDaysPage>
{
    public const int DefaultDaysPerPage = 7;
    public const int MaxDaysPerPage = 31;
    public const int DefaultWindowDays = 28;
}

internal sealed class ListFreeSlotDaysValidator : IValidator<ListFreeSlotDays>
{
    public IEnumerable<ValidationFailure> Validate(ListFreeSlotDays request)
    {
        if (request.Page is < 1 or > 100)
        {
            yield return new ValidationFailure("page", "Must be from 1 to 100.");
        }

        if (request.DaysPerPage is < 1 or > ListFreeSlotDays.MaxDaysPerPage)
        {
            yield return new ValidationFailure("daysPerPage", $"Must be from 1 to {ListFreeSlotDays.MaxDaysPerPage}.");
        }

        if (request.From > SelfBookingRules.Latest || request.To > SelfBookingRules.Latest)
        {
            yield return new ValidationFailure(request.From > SelfBookingRules.Latest ? "from" : "to", "A time before the year 2100.");
        }
        else if (request.From is { } from && request.To is { } to && (to <= from || to - from > TimeSpan.FromDays(92)))
        {
            yield return new ValidationFailure("to", "After from, and at most 92 days after it.");
        }
    }
}

internal sealed class ListFreeSlotDaysHandler(BookingPlaceFinder places, CalendarDbContext db, IMediator mediator, TimeProvider time)
    : IRequestHandler<ListFreeSlotDays, FreeSlotDaysPage>
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    public async Task<FreeSlotDaysPage> Handle(ListFreeSlotDays request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var from = request.From is { } asked && asked > now ? asked : now;
        var to = request.To ?? from.AddDays(ListFreeSlotDays.DefaultWindowDays);
        var offered = await places.ForAsync(request.Access, request.SubjectId, cancellationToken);
        if (request.UnitId is { } only && offered.All(p => p.UnitId != only))
        {
            throw SelfBookingRules.NotBookable();
        }

        var slots = new List<(EpjFreeSlot Slot, BookingPlace Place, bool TakesNote)>();
        var unavailable = new List<Guid>();
        foreach (var place in offered.Where(p => request.UnitId is null || p.UnitId == request.UnitId))
        {
            var answer = await mediator.Send(new GetEpjFreeSlots(place.UnitId, from, to), cancellationToken);
            if (!answer.Reachable)
            {
                unavailable.Add(place.UnitId);
            }

            slots.AddRange(answer.Slots
                .Where(s => s.Start >= from && place.Kinds.Contains(s.Kind, StringComparer.OrdinalIgnoreCase)
                    && (request.Kind is null || string.Equals(s.Kind, request.Kind, StringComparison.OrdinalIgnoreCase)))
                .Select(s => (s, place, answer.TakesNote)));
        }

        if (request.UnitId is not null && unavailable.Count > 0)
        {
            throw new PlatformProblemException(503, "epj-unavailable", "Journalen svarer ikke akkurat nå. Prøv igjen om litt.", "The unit's journal did not answer in time.");
        }

        var (fromUtc, toUtc) = (from.UtcDateTime, to.UtcDateTime);
        var held = (await db.Appointments.AsNoTracking()
                .Where(a => a.PersonId == request.SubjectId && a.Status != "cancelled" && a.End > fromUtc && a.Start < toUtc)
                .ToListAsync(cancellationToken))
            .Where(a => request.Access.MaySee(AppointmentAccess.Protection(a)))
            .ToList();
        var days = slots
            .OrderBy(s => s.Slot.Start).ThenBy(s => s.Place.UnitName, StringComparer.Ordinal)
            .Select(s => new BookableSlot(
                SelfBookingRules.SlotId(s.Slot), s.Slot.Start, s.Slot.End, s.Place.UnitId, s.Place.UnitName, s.Slot.Kind,
                [.. held.Where(a => a.Start < s.Slot.End.UtcDateTime && a.End > s.Slot.Start.UtcDateTime)
                    .Select(a => new OverlappingAppointment(a.Id, new DateTimeOffset(a.Start, TimeSpan.Zero), new DateTimeOffset(a.End, TimeSpan.Zero), a.UnitId))],
                s.TakesNote))
            .GroupBy(s => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(s.Start, Oslo).DateTime))
            .Select(g => new FreeSlotDay(g.Key, [.. g]))
            .ToList();
        var skip = (request.Page - 1) * request.DaysPerPage;
        return new FreeSlotDaysPage([.. days.Skip(skip).Take(request.DaysPerPage)], request.Page, days.Count > skip + request.DaysPerPage, from, to, unavailable);
    }
}

internal static class ListFreeSlotDaysEndpoint
{
    public static void Map(IEndpointRouteBuilder subject) =>
        subject.MapGet("/free-slot-days", async Task<Ok<FreeSlotDaysPage>> (
                Guid subjectId, Guid? unitId, string? kind, DateTimeOffset? from, DateTimeOffset? to, int? page, int? daysPerPage, HttpContext http, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(
                    new ListFreeSlotDays(http.SubjectAccess<SubjectAccessDecision>(), subjectId, unitId, kind, from, to, page ?? 1, daysPerPage ?? ListFreeSlotDays.DefaultDaysPerPage), ct)))
            .RequireSubjectAccess(Permissions.AppointmentsBook, "bookings.free-slots", "Vise ledige timer")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
