namespace DigiHelsestasjon.Calendar.Features.SelfBooking;

/// <summary>Who may book where (DOMAIN: self-service booking): a youth from 12 books their own time at the school health
/// service or the youth clinic; a guardian books for a child under 12 at the health station. Nobody else, nowhere else.</summary>
internal static class SelfBookingRules
{
    /// <summary>The youth services book young people up to 24 (the youth clinic's upper age); an adult does not take their times.</summary>
    public const int YouthUpTo = 24;

    /// <summary>Open (requested or confirmed, not yet started, not cancelled) self-bookings a person may hold at one unit, so one
    /// login cannot book out a youth service. Moving a time does not count.</summary>
    public const int MaxOpenBookingsPerUnit = 3;

    /// <summary>The latest start a window or a slot may ask about; later is a typo, and would overflow date arithmetic.</summary>
    public static readonly DateTimeOffset Latest = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool MayBook(SubjectAccessDecision access, string unitType) => access.Relation switch
    {
        SubjectRelations.Self => access.SubjectAge is >= RepresentationAges.ParentsSeeEverythingBelow and <= YouthUpTo && unitType is UnitTypes.SchoolHealth or UnitTypes.YouthClinic,
        SubjectRelations.Child => access.SubjectAge < RepresentationAges.ParentsSeeEverythingBelow && unitType == UnitTypes.HealthStation,
        _ => false,
    };

    public static PlatformProblemException NotBookable() => new(
        422, "not-bookable", "Denne timen kan ikke bestilles her.",
        $"Self-booking is for a youth of 12 to {YouthUpTo} at the school health service or the youth clinic, and for a guardian of a child under 12 at the health station.");

    /// <summary>The platform's slot id: the unit, the start and the journal's id, so a reservation can be checked against the
    /// journal's fresh list before it is sent. Not a secret; every part is checked again.</summary>
    public static string SlotId(EpjFreeSlot slot) => $"{slot.UnitId:N}.{slot.Start.ToUnixTimeSeconds()}.{slot.EpjSlotId}";

    public static (Guid UnitId, DateTimeOffset Start, string EpjSlotId)? ParseSlotId(string? slotId)
    {
        var parts = slotId?.Split('.', 3);
        return parts is { Length: 3 } && Guid.TryParseExact(parts[0], "N", out var unit) && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && seconds < Latest.ToUnixTimeSeconds() && parts[2].Length is > 0 and <= 200
            ? (unit, DateTimeOffset.FromUnixTimeSeconds(seconds), parts[2])
            : null;
    }
}

/// <summary>A free time as the citizen sees it.</summary>
public sealed record FreeSlotResponse(string SlotId, DateTimeOffset Start, DateTimeOffset End, Guid UnitId, string UnitName, string Kind);

/// <summary>Free times at the units this caller may book for this subject, of the kinds each unit opens to self-booking.</summary>
internal sealed record ListFreeSlots(SubjectAccessDecision Access, Guid? UnitId, string? Kind, DateTimeOffset? From, DateTimeOffset? To) : IQuery<IReadOnlyList<FreeSlotResponse>>;

internal sealed class ListFreeSlotsValidator(TimeProvider time) : IValidator<ListFreeSlots>
{
    public IEnumerable<ValidationFailure> Validate(ListFreeSlots request)
    {
        var from = request.From ?? time.GetUtcNow();
        var to = request.To ?? from.AddDays(28);
        if (request.From > SelfBookingRules.Latest || request.To > SelfBookingRules.Latest)
        {
            yield return new ValidationFailure(request.From > SelfBookingRules.Latest ? "from" : "to", "A time before the year 2100.");
            yield break;
        }

        if (to <= from)
        {
            yield return new ValidationFailure("to", "Must be after from.");
        }
        else if (to - from > TimeSpan.FromDays(92))
        {
            yield return new ValidationFailure("to", "At most 92 days after from.");
        }
    }
}

internal sealed class ListFreeSlotsHandler(CalendarDbContext db, IMediator mediator, TimeProvider time) : IRequestHandler<ListFreeSlots, IReadOnlyList<FreeSlotResponse>>
{
    public async Task<IReadOnlyList<FreeSlotResponse>> Handle(ListFreeSlots request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var from = request.From is { } asked && asked > now ? asked : now;
        var to = request.To ?? (request.From ?? now).AddDays(28);
        var open = await db.SelfBookingKinds.AsNoTracking()
            .Where(k => request.UnitId == null || k.UnitId == request.UnitId)
            .Select(k => new { k.UnitId, k.Kind })
            .ToListAsync(cancellationToken);
        var units = await mediator.Send(new GetUnits(open.Select(k => k.UnitId).Distinct().ToList()), cancellationToken);
        if (request.UnitId is { } only && units.TryGetValue(only, out var askedUnit) && !SelfBookingRules.MayBook(request.Access, askedUnit.Type))
        {
            throw SelfBookingRules.NotBookable();
        }

        var slots = new List<FreeSlotResponse>();
        foreach (var unit in units.Values.Where(u => SelfBookingRules.MayBook(request.Access, u.Type)))
        {
            var kinds = open.Where(k => k.UnitId == unit.UnitId).Select(k => k.Kind).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var answer = await mediator.Send(new GetEpjFreeSlots(unit.UnitId, from, to), cancellationToken);
            if (!answer.Reachable && request.UnitId is not null)
            {
                throw new PlatformProblemException(503, "epj-unavailable", "Journalen svarer ikke akkurat nå. Prøv igjen om litt.", "The unit's journal did not answer in time.");
            }

            slots.AddRange(answer.Slots
                .Where(s => kinds.Contains(s.Kind) && (request.Kind is null || string.Equals(s.Kind, request.Kind, StringComparison.OrdinalIgnoreCase)))
                .Select(s => new FreeSlotResponse(SelfBookingRules.SlotId(s), s.Start, s.End, s.UnitId, unit.Name, s.Kind)));
        }

        return [.. slots.OrderBy(s => s.Start).ThenBy(s => s.UnitName, StringComparer.Ordinal).Take(200)];
    }
}

internal static class ListFreeSlotsEndpoint
{
    public static void Map(IEndpointRouteBuilder subject) =>
        subject.MapGet("/free-slots", async Task<Ok<IReadOnlyList<FreeSlotResponse>>> (Guid subjectId, Guid? unitId, string? kind, DateTimeOffset? from, DateTimeOffset? to, HttpContext http, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListFreeSlots(http.SubjectAccess<SubjectAccessDecision>(), unitId, kind, from, to), ct)))
            .RequireSubjectAccess(Permissions.AppointmentsBook, "bookings.free-slots", "Vise ledige timer")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
