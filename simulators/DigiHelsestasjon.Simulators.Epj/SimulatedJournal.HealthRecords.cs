using DigiHelsestasjon.Epj.Sdk;

namespace DigiHelsestasjon.Simulators.Epj;

// Optional: vaccinations and test results (IEpjHealthRecords).
public sealed partial class SimulatedJournal
{
    private readonly List<(string Pid, TakenTest Test)> addedTests = [];

    /// <summary>The municipality a patient lives in (the population register's), where their history happened; null: one
    /// chosen from the number (<see cref="DemoHealthHistory"/>).</summary>
    public Func<string, DemoMunicipality?> HomeOf { get; set; } = _ => null;

    /// <summary>The doses this journal's units gave (<see cref="DemoHealthHistory"/>); nothing for a patient it does not hold.</summary>
    public async Task<IReadOnlyList<HealthRecordEntry>> GetVaccinationsAsync(string patientPid, CancellationToken cancellationToken)
    {
        await DelayAsync(cancellationToken);
        lock (gate)
        {
            return !patients.Contains(patientPid) ? [] : [.. DemoHealthHistory.Vaccinations(patientPid, Today(), HomeOf(patientPid))
                .Where(d => Units.Any(u => u.HerId == d.UnitHerId))
                .Select(d => new HealthRecordEntry
                {
                    EntryId = $"{Profile.Vendor}-{d.EntryId}", Name = d.Name, Code = d.Code, At = Noon(d.GivenOn), Result = $"Dose {d.Dose}", UnitHerId = d.UnitHerId,
                })];
        }
    }

    /// <summary>The routine checks this journal's units took, and what staff added (<see cref="AddTestResult"/>).</summary>
    public async Task<IReadOnlyList<HealthRecordEntry>> GetTestResultsAsync(string patientPid, CancellationToken cancellationToken)
    {
        await DelayAsync(cancellationToken);
        lock (gate)
        {
            return !patients.Contains(patientPid) ? [] : [.. DemoHealthHistory.Tests(patientPid, Today(), HomeOf(patientPid))
                .Where(t => Units.Any(u => u.HerId == t.UnitHerId))
                .Concat(addedTests.Where(a => a.Pid == patientPid).Select(a => a.Test))
                .OrderBy(t => t.TakenOn)
                .Select(t => new HealthRecordEntry
                {
                    EntryId = $"{Profile.Vendor}-{t.EntryId}", Name = t.Name, At = Noon(t.TakenOn), Result = t.Result, UnitHerId = t.UnitHerId, ExemptFromParentalAccess = t.Exempt,
                })];
        }
    }

    /// <summary>Staff record a test result; the journal tells the platform one is ready (without the result).</summary>
    public string AddTestResult(string pid, string unitHerId, string name, string result, bool exempt)
    {
        if (Units.All(u => u.HerId != unitHerId))
        {
            throw new ArgumentException($"This journal has no unit {unitHerId}.", nameof(unitHerId));
        }

        lock (gate)
        {
            patients.Add(pid);
            var test = new TakenTest($"test-{Guid.NewGuid():N}"[..17], name, result, Today(), unitHerId, exempt);
            addedTests.Add((pid, test));
            Publish(new TestResultReady { MessageId = Guid.NewGuid(), SentAt = time.GetUtcNow(), EntryId = $"{Profile.Vendor}-{test.EntryId}", PatientPid = pid, UnitHerId = unitHerId, ExemptFromParentalAccess = exempt });
            return $"{Profile.Vendor}-{test.EntryId}";
        }
    }

    private DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Oslo).DateTime);

    private static DateTimeOffset Noon(DateOnly day)
    {
        var local = day.ToDateTime(new TimeOnly(12, 0));
        return new DateTimeOffset(local, Oslo.GetUtcOffset(local));
    }
}
