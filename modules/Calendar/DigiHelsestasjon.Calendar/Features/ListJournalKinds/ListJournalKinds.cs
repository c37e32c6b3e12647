namespace DigiHelsestasjon.Calendar.Features.ListJournalKinds;

/// <param name="Reachable">False: the journal did not answer; <paramref name="Kinds"/> is then empty, try again.</param>
/// <param name="Kinds">The kinds of appointment the journal has free times for, as it names them.</param>
public sealed record JournalKinds(Guid UnitId, bool Reachable, IReadOnlyList<string> Kinds);

/// <summary>The kinds of appointment a unit's journal offers, so an admin chooses self-booking kinds from the journal's own
/// list instead of typing them. The SDK's contract has no list of kinds, so the journal's free times over the next
/// <see cref="LookAheadDays"/> days name them.</summary>
internal sealed record ListJournalKinds(string Kommunenummer, Guid UnitId) : IQuery<JournalKinds>
{
    public const int LookAheadDays = 92;
}

internal sealed class ListJournalKindsHandler(IMediator mediator, TimeProvider time) : IRequestHandler<ListJournalKinds, JournalKinds>
{
    public async Task<JournalKinds> Handle(ListJournalKinds request, CancellationToken cancellationToken)
    {
        var units = await mediator.Send(new GetUnits([request.UnitId]), cancellationToken);
        if (!units.TryGetValue(request.UnitId, out var unit) || unit.Kommunenummer != request.Kommunenummer)
        {
            throw new NotFoundException("unit");
        }

        var now = time.GetUtcNow();
        var answer = await mediator.Send(new GetEpjFreeSlots(request.UnitId, now, now.AddDays(ListJournalKinds.LookAheadDays)), cancellationToken);
        return new JournalKinds(request.UnitId, answer.Reachable, [.. answer.Slots.Select(s => s.Kind).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)]);
    }
}

/// <summary>Saving kinds checks them against the journal's list first (outside any transaction: the journal answers).</summary>
internal static class JournalKindCheck
{
    /// <summary>422 <c>kind-not-in-journal</c> naming each kind the journal does not offer; 503 when the journal does not answer
    /// and a kind is to be opened (closing self-booking, an empty list, needs no journal).</summary>
    public static async Task EnsureOfferedAsync(IMediator mediator, string kommunenummer, Guid unitId, IReadOnlyList<string>? kinds, CancellationToken cancellationToken)
    {
        // A body that breaks the validator's rules is answered 400 by it, naming the field, before the journal is asked.
        if (kinds is not { Count: > 0 }
            || new SelfBooking.SetSelfBookingKindsValidator().Validate(new SetSelfBookingKinds(kommunenummer, [new UnitSelfBookingKinds(unitId, kinds)])).Any())
        {
            return;
        }

        var offered = await mediator.Send(new ListJournalKinds(kommunenummer, unitId), cancellationToken);
        if (!offered.Reachable)
        {
            throw new PlatformProblemException(503, "epj-unavailable", "Journalen svarer ikke akkurat nå. Prøv igjen om litt.", "The unit's journal did not answer, so its kinds cannot be checked.");
        }

        var unknown = kinds.Where(k => !string.IsNullOrWhiteSpace(k) && !offered.Kinds.Contains(k.Trim(), StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            var problem = new PlatformProblemException(
                422, "kind-not-in-journal", "Journalen har ikke denne timetypen.", $"Not among the journal's kinds: {string.Join(", ", unknown)}. Choose from journal-kinds.");
            problem.Extensions["kinds"] = unknown;
            problem.Extensions["journalKinds"] = offered.Kinds;
            throw problem;
        }
    }
}

internal static class ListJournalKindsEndpoint
{
    public static void Map(IEndpointRouteBuilder municipality) =>
        municipality.MapGet("/self-booking/{unitId:guid}/journal-kinds", async Task<Ok<JournalKinds>> (string kommunenummer, Guid unitId, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ListJournalKinds(kommunenummer, unitId), ct)));
}
