namespace DigiHelsestasjon.HealthRecords.Features.Sources;

/// <summary>One vaccination or test result as the citizen sees it.</summary>
/// <param name="Source">Where it was read: <c>epj</c> (the municipality's journal) or <c>sysvak</c> (the national register).</param>
/// <param name="Sources">Every source that holds it: a dose in both the journal and SYSVAK is shown once.</param>
public sealed record HealthRecordResponse(string EntryId, string Name, string? Code, DateOnly Date, string Result, string? UnitName, string Source, IReadOnlyList<string> Sources);

/// <summary>An entry with what decides who may see it.</summary>
internal sealed record ProtectedEntry(HealthRecordResponse Entry, ItemProtection Protection);

/// <summary>What was read, and which sources did not answer (the list is then incomplete, and the page says so).</summary>
internal sealed record ReadEntries(IReadOnlyList<ProtectedEntry> Entries, IReadOnlyList<string> Unavailable);

/// <summary>Reads a person's entries from the journals of the units the person has appointments with, and (vaccinations) from
/// SYSVAK, merged. Cached for a minute per person and kind, in memory only: never kept as a copy of the journal.</summary>
internal sealed class HealthRecordSources(IMediator mediator, IVaccinationRegister register, IMemoryCache cache, TimeProvider time, ILogger<HealthRecordSources> logger)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    public static string CacheKey(string kind, Guid personId) => $"healthrecords:{kind}:{personId:N}";

    public async Task<ReadEntries> ReadAsync(string kind, Guid personId, CancellationToken cancellationToken)
    {
        // The platform's clock decides when a cached list is stale (the cache's own expiry is only the upper bound).
        if (cache.TryGetValue(CacheKey(kind, personId), out (ReadEntries Read, DateTimeOffset Until) cached) && cached.Until > time.GetUtcNow())
        {
            return cached.Read;
        }

        var units = await mediator.Send(new GetPersonAppointmentUnits(personId), cancellationToken);
        var fromJournals = await mediator.Send(new GetEpjHealthRecords(personId, units, kind), cancellationToken);
        var unavailable = fromJournals.Unreachable.Count > 0 ? new List<string> { "epj" } : [];
        var entries = kind == EpjSelfServiceKinds.Vaccinations
            ? await MergeWithRegisterAsync(personId, fromJournals.Entries, unavailable, cancellationToken)
            : [.. fromJournals.Entries.Select(e => new ProtectedEntry(
                Response(e, "epj", ["epj"]),
                // A result from the school health service or HFU, or from a unit the journal does not name, is the youth's own.
                new ItemProtection(e.ExemptFromParentalAccess, e.UnitType is null or UnitTypes.SchoolHealth or UnitTypes.YouthClinic)))];
        if (!register.Connected && kind == EpjSelfServiceKinds.Vaccinations)
        {
            unavailable.Add("sysvak");
        }

        var read = new ReadEntries([.. entries.OrderByDescending(e => e.Entry.Date).ThenBy(e => e.Entry.Name, StringComparer.Ordinal)], unavailable);
        if (unavailable.Count == 0)
        {
            cache.Set(CacheKey(kind, personId), (read, time.GetUtcNow() + CacheFor), CacheFor);
        }

        return read;
    }

    /// <summary>A dose is the same in both sources when the code (or else the name) and the day agree.</summary>
    private async Task<List<ProtectedEntry>> MergeWithRegisterAsync(Guid personId, IReadOnlyList<EpjHealthRecord> journal, List<string> unavailable, CancellationToken cancellationToken)
    {
        IReadOnlyList<RegisteredVaccination> registered = [];
        var pid = await mediator.Send(new GetPersonPid(personId), cancellationToken);
        if (pid is not null && register.Connected)
        {
            try
            {
                registered = await register.VaccinationsOfAsync(pid, cancellationToken);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogInformation("SYSVAK did not answer: {Error}", exception.Message);
                unavailable.Add("sysvak");
            }
        }

        static string Key(string? code, string name, DateOnly day) => $"{(code ?? name).Trim().ToUpperInvariant()}|{day:yyyy-MM-dd}";
        var inRegister = registered.ToDictionary(r => Key(r.Code, r.Name, r.GivenOn), r => r);
        var merged = new List<ProtectedEntry>();
        foreach (var entry in journal.DistinctBy(e => Key(e.Code, e.Name, Day(e.At))))
        {
            var key = Key(entry.Code, entry.Name, Day(entry.At));
            var both = inRegister.Remove(key);
            merged.Add(new ProtectedEntry(Response(entry, "epj", both ? ["epj", "sysvak"] : ["epj"]), new ItemProtection(entry.ExemptFromParentalAccess, false)));
        }

        // SYSVAK knows nothing of "exempt from parental access". A dose only SYSVAK names, given at one of the platform's units, is
        // kept from parents when that unit's journal marked something exempt that day (the same dose under another code), or
        // when the journals did not answer (they might have marked it).
        var exemptThatDay = journal.Where(e => e.ExemptFromParentalAccess && e.UnitId is not null).Select(e => (e.UnitId!.Value, Day(e.At))).ToHashSet();
        var journalsSilent = unavailable.Contains("epj");
        foreach (var dose in inRegister.Values)
        {
            var unit = await mediator.Send(new FindUnitByHerId(dose.GivenBy), cancellationToken);
            var mayBeExempt = unit is not null && (journalsSilent || exemptThatDay.Contains((unit.UnitId, dose.GivenOn)));
            merged.Add(new ProtectedEntry(
                new HealthRecordResponse(dose.EntryId, dose.Name, dose.Code, dose.GivenOn, $"Dose {dose.Dose}", unit?.Name, "sysvak", ["sysvak"]),
                new ItemProtection(mayBeExempt, false)));
        }

        return merged;
    }

    private static HealthRecordResponse Response(EpjHealthRecord e, string source, IReadOnlyList<string> sources) =>
        new(e.EntryId, e.Name, e.Code, Day(e.At), e.Result, e.UnitName, source, sources);

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Oslo).DateTime);
}

internal static class HealthRecordAnswers
{
    /// <summary>From 12 a youth reads their own; a child under 12 does not log in for this (the guardian does).</summary>
    public static void CheckAge(SubjectAccessDecision access)
    {
        if (access.Relation == SubjectRelations.Self && access.SubjectAge < RepresentationAges.ParentsSeeEverythingBelow)
        {
            throw new NotFoundException("health records");
        }
    }

    /// <summary>Names the sources that did not answer, so the page can say the list may be incomplete.</summary>
    public static void MarkIncomplete(HttpContext http, IReadOnlyList<string> unavailable)
    {
        if (unavailable.Count > 0)
        {
            http.Response.Headers["X-Sources-Unavailable"] = string.Join(",", unavailable);
        }
    }
}
