using DigiHelsestasjon.Calendar.Persistence.Entities;

namespace DigiHelsestasjon.Calendar.Features.SelfBooking;

public sealed record SelfBookingUnitBody(IReadOnlyList<string>? Kinds);

/// <summary>What a unit opens to self-booking.</summary>
public sealed record SelfBookingUnit(Guid UnitId, string UnitName, string UnitType, IReadOnlyList<string> Kinds);

internal sealed class SetSelfBookingKindsValidator : IValidator<SetSelfBookingKinds>
{
    public IEnumerable<ValidationFailure> Validate(SetSelfBookingKinds request)
    {
        if (request.Units.Any(u => u.Kinds is null || u.Kinds.Count > 20 || u.Kinds.Any(k => string.IsNullOrWhiteSpace(k) || k.Length > 200)))
        {
            yield return new ValidationFailure("kinds", "Up to 20 kinds of appointment, each 1-200 characters, as the journal names them (an empty list closes self-booking).");
        }
    }
}

internal sealed class SetSelfBookingKindsHandler(CalendarDbContext db, IMediator mediator, TimeProvider time) : IRequestHandler<SetSelfBookingKinds, IReadOnlyList<UnitSelfBookingKinds>>
{
    public async Task<IReadOnlyList<UnitSelfBookingKinds>> Handle(SetSelfBookingKinds request, CancellationToken cancellationToken)
    {
        var units = await mediator.Send(new GetUnits([.. request.Units.Select(u => u.UnitId)]), cancellationToken);
        var ids = request.Units.Select(u => u.UnitId).ToList();
        var held = await db.SelfBookingKinds.Where(k => ids.Contains(k.UnitId)).ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var result = new List<UnitSelfBookingKinds>();
        foreach (var asked in request.Units)
        {
            if (!units.TryGetValue(asked.UnitId, out var unit) || unit.Kommunenummer != request.Kommunenummer)
            {
                throw new NotFoundException("unit");
            }

            var wanted = asked.Kinds.Select(k => k.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var ofUnit = held.Where(k => k.UnitId == asked.UnitId).ToList();
            db.SelfBookingKinds.RemoveRange(ofUnit.Where(k => !wanted.Contains(k.Kind, StringComparer.OrdinalIgnoreCase)));
            foreach (var kind in wanted.Where(w => !ofUnit.Any(k => string.Equals(k.Kind, w, StringComparison.OrdinalIgnoreCase))))
            {
                db.SelfBookingKinds.Add(new SelfBookingKind { Id = Guid.NewGuid(), UnitId = asked.UnitId, Kommunenummer = request.Kommunenummer, Kind = kind, UpdatedAt = now });
            }

            result.Add(new UnitSelfBookingKinds(asked.UnitId, wanted));
        }

        return result;
    }
}

internal sealed record ListSelfBookingUnits(string Kommunenummer) : IQuery<IReadOnlyList<SelfBookingUnit>>;

internal sealed class ListSelfBookingUnitsHandler(CalendarDbContext db, IMediator mediator) : IRequestHandler<ListSelfBookingUnits, IReadOnlyList<SelfBookingUnit>>
{
    public async Task<IReadOnlyList<SelfBookingUnit>> Handle(ListSelfBookingUnits request, CancellationToken cancellationToken)
    {
        var units = await mediator.Send(new GetMunicipalityUnits(request.Kommunenummer), cancellationToken);
        var kinds = await db.SelfBookingKinds.AsNoTracking().Where(k => k.Kommunenummer == request.Kommunenummer).ToListAsync(cancellationToken);
        return [.. units.OrderBy(u => u.Name, StringComparer.Ordinal)
            .Select(u => new SelfBookingUnit(u.UnitId, u.Name, u.Type, [.. kinds.Where(k => k.UnitId == u.UnitId).Select(k => k.Kind).Order(StringComparer.Ordinal)]))];
    }
}

internal sealed class GetPersonAppointmentUnitsHandler(CalendarDbContext db) : IRequestHandler<GetPersonAppointmentUnits, IReadOnlyList<Guid>>
{
    public async Task<IReadOnlyList<Guid>> Handle(GetPersonAppointmentUnits request, CancellationToken cancellationToken) =>
        await db.Appointments.AsNoTracking().Where(a => a.PersonId == request.PersonId).Select(a => a.UnitId).Distinct().ToListAsync(cancellationToken);
}

internal static class SelfBookingPolicyEndpoints
{
    public static void Map(IEndpointRouteBuilder municipality)
    {
        municipality.MapGet("/self-booking", async Task<Ok<IReadOnlyList<SelfBookingUnit>>> (string kommunenummer, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ListSelfBookingUnits(kommunenummer), ct)));
        municipality.MapPut("/self-booking/{unitId:guid}", async Task<Ok<SelfBookingUnitBody>> (string kommunenummer, Guid unitId, SelfBookingUnitBody body, IMediator mediator, CancellationToken ct) =>
            {
                await ListJournalKinds.JournalKindCheck.EnsureOfferedAsync(mediator, kommunenummer, unitId, body?.Kinds, ct);
                return TypedResults.Ok(new SelfBookingUnitBody((await mediator.Send(new SetSelfBookingKinds(kommunenummer, [new UnitSelfBookingKinds(unitId, body?.Kinds!)]), ct))[0].Kinds));
            })
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        ListJournalKinds.ListJournalKindsEndpoint.Map(municipality);
    }
}
