using DigiHelsestasjon.Simulators.Epj;
using DigiHelsestasjon.Simulators.Folkeregisteret;

namespace DigiHelsestasjon.Host.Demo;

/// <summary>One appointment the demo journal books: fixed ids, so a restart publishes the same messages again and the
/// platform treats them as duplicates.</summary>
public sealed record DemoBooking(
    string Id, string Pid, DemoUnit Unit, DateTimeOffset Start, string Type, bool Exempt = false,
    string PractitionerRole = "helsesykepleier", string? Location = null, bool ForNewborn = false)
{
    public static readonly TimeSpan Length = TimeSpan.FromMinutes(30);
}

/// <summary>The demo family's appointments (docs/simulators.md, "The demo family"), all in their own municipality
/// (<see cref="EpjDemoData.FamilyHome"/>), at the programme's age, on a day the unit is open and within its hours. The dates
/// count from <c>today</c> (the host's clock); a past appointment falls on the day its result or dose is recorded.</summary>
public static class DemoFamilyAppointments
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    public static IReadOnlyList<DemoBooking> Plan(PopulationRegister register, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(register);
        var home = EpjDemoData.FamilyHome;
        var (healthStation, primarySchool, lowerSecondary, youthClinic) = (home.Units[0], home.Units[1], home.Units[2], home.Units[3]);
        var vendor = home.Vendor.Vendor;
        string Id(int n) => $"{vendor}-demo-{n}";

        var child = register.Persona("child-under-12");
        var youth = register.Persona("youth-12-15");
        var older = register.Persona("youth-16-17");
        var twoYearCheck = DemoHealthHistory.Tests(child.Pid, today, home).Single(t => t.Name.Contains("2-års", StringComparison.Ordinal)).TakenOn;
        var secondHpvDose = DemoHealthHistory.Vaccinations(youth.Pid, today, home).Single(d => d is { Code: "HPV", Dose: 2 });
        List<DemoBooking> bookings =
        [
            new(Id(1), child.Pid, healthStation, At(healthStation.Hours.OpenOnOrAfter(child.BirthDate.AddYears(4)), 10), "Konsultasjon 4 år"),
            new(Id(2), child.Pid, healthStation, At(twoYearCheck, 9), "Konsultasjon 2 år", PractitionerRole: "lege og helsesykepleier"),
            new(Id(3), youth.Pid, primarySchool, At(secondHpvDose.GivenOn, 10), "Vaksinasjon HPV, dose 2"),
            new(Id(4), youth.Pid, lowerSecondary, At(lowerSecondary.Hours.OpenOnOrAfter(today.AddDays(6)), 13), "Samtale med helsesykepleier", Exempt: true),
            new(Id(5), older.Pid, youthClinic, At(youthClinic.Hours.OpenOnOrAfter(today.AddDays(5)), 15), "Samtale", PractitionerRole: "lege"),
        ];
        bookings.AddRange(BasisServices(register, healthStation, today, Id));
        return bookings;
    }

    /// <summary>Pregnancy care and the first weeks at the health station: the midwife's check-ups two weeks apart, a home
    /// visit (the journal holds the family's address; the platform never shows it) and the 6-week consultation; for a newborn
    /// without a fødselsnummer yet, booked on the mother.</summary>
    private static IEnumerable<DemoBooking> BasisServices(PopulationRegister register, DemoUnit healthStation, DateOnly today, Func<int, string> id)
    {
        DateOnly Open(DateOnly day) => healthStation.Hours.OpenOnOrAfter(day);
        var pregnant = register.Persona("pregnant");
        var week28 = Open(today.AddDays(4));
        yield return new(id(6), pregnant.Pid, healthStation, At(week28, 10), "Svangerskapskontroll uke 28", PractitionerRole: "jordmor");
        yield return new(id(7), pregnant.Pid, healthStation, At(Open(week28.AddDays(14)), 10), "Svangerskapskontroll uke 30", PractitionerRole: "jordmor");

        var newborn = register.Persona("newborn");
        yield return new(id(8), newborn.Pid, healthStation, At(Open(today.AddDays(1)), 12), "Hjemmebesøk etter fødsel", PractitionerRole: "jordmor", Location: $"Hjemme: {newborn.Address}");
        yield return new(id(9), newborn.Pid, healthStation, At(Open(newborn.BirthDate.AddDays(42)), 10), "6 ukers konsultasjon", PractitionerRole: "lege og helsesykepleier");

        // Born yesterday, not registered yet: the journal holds the child's first items on the mother.
        var mother = register.Persona("mother-of-unregistered-newborn");
        yield return new(id(10), mother.Pid, healthStation, At(Open(today.AddDays(2)), 11), "Hjemmebesøk etter fødsel", PractitionerRole: "helsesykepleier", Location: $"Hjemme: {mother.Address}", ForNewborn: true);
        yield return new(id(11), mother.Pid, healthStation, At(Open(today.AddDays(41)), 9), "6 ukers konsultasjon", PractitionerRole: "lege og helsesykepleier", ForNewborn: true);
    }

    private static DateTimeOffset At(DateOnly day, int hour)
    {
        var local = day.ToDateTime(new TimeOnly(hour, 0));
        return new DateTimeOffset(local, Oslo.GetUtcOffset(local));
    }
}
