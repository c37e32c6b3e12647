using DigiHelsestasjon.Host.Demo;
using DigiHelsestasjon.Simulators.Epj;
using DigiHelsestasjon.Simulators.Folkeregisteret;
using DigiHelsestasjon.Testing;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>The demo data makes sense whatever day the host starts: the rules are checked over every day of a year with a
/// fixed clock (never today's date), at a time of day that moves too.</summary>
public sealed class DemoFamilyTests
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    /// <summary>Every day of 2027 and of leap year 2028's first months, each at another hour (the demo counts from the host's clock).</summary>
    public static IEnumerable<object[]> StartDays() =>
        Enumerable.Range(0, 366 + 70).Select(d => new object[] { new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(d).AddHours(d * 7 % 24) });

    [Fact]
    public void Given_known_years_When_the_holidays_are_computed_Then_Easter_and_the_days_that_follow_it_fall_where_the_almanac_has_them()
    {
        NorwegianHolidays.EasterSunday(2024).ShouldBe(new DateOnly(2024, 3, 31));
        NorwegianHolidays.EasterSunday(2025).ShouldBe(new DateOnly(2025, 4, 20));
        NorwegianHolidays.EasterSunday(2026).ShouldBe(new DateOnly(2026, 4, 5));
        NorwegianHolidays.EasterSunday(2038).ShouldBe(new DateOnly(2038, 4, 25));
        NorwegianHolidays.NameOf(new DateOnly(2026, 4, 2)).ShouldBe("Skjærtorsdag");
        NorwegianHolidays.NameOf(new DateOnly(2026, 5, 14)).ShouldBe("Kristi himmelfartsdag");
        NorwegianHolidays.NameOf(new DateOnly(2026, 5, 25)).ShouldBe("Andre pinsedag");
        NorwegianHolidays.NameOf(new DateOnly(2027, 5, 17)).ShouldBe("Grunnlovsdag");
        NorwegianHolidays.IsClosedDay(new DateOnly(2026, 12, 24)).ShouldBeTrue("Christmas Eve: the health station is closed");
        NorwegianHolidays.IsClosedDay(new DateOnly(2026, 12, 28)).ShouldBeFalse("an ordinary Monday between Christmas and New Year");
        NorwegianHolidays.IsClosedDay(new DateOnly(2026, 12, 5)).ShouldBeTrue("a Saturday");
    }

    [Fact]
    public void Given_the_demo_units_When_their_hours_are_shown_Then_the_text_is_written_from_the_hours_the_demo_books_in()
    {
        var units = EpjDemoData.FamilyHome.Units;
        units.Select(u => u.OpeningHours).ShouldBe(["Man-fre 08:00-15:30", "Man, ons og fre 08:30-14:00", "Man-fre 08:30-14:00", "Tir og tor 14:00-19:00"]);
    }

    [Theory]
    [MemberData(nameof(StartDays))]
    public void Given_any_start_day_When_the_demo_family_is_seeded_Then_every_appointment_is_at_a_unit_of_their_municipality_on_an_open_day_within_its_hours(DateTimeOffset now)
    {
        var (register, today) = RegisterAt(now);

        var bookings = DemoFamilyAppointments.Plan(register, today);

        bookings.Select(b => b.Id).ShouldBeUnique();
        foreach (var booking in bookings)
        {
            EpjDemoData.FamilyHome.Units.ShouldContain(booking.Unit, $"{booking.Type}: a unit of the family's own municipality");
            var start = TimeZoneInfo.ConvertTime(booking.Start, Oslo).DateTime;
            booking.Unit.Hours.Covers(start, start + DemoBooking.Length).ShouldBeTrue(
                $"{booking.Type} on {start:dddd yyyy-MM-dd HH:mm} ({NorwegianHolidays.NameOf(DateOnly.FromDateTime(start)) ?? "no holiday"}) at {booking.Unit.Name}, open {booking.Unit.OpeningHours}");
        }

        bookings.Where(b => b.Type != "Konsultasjon 2 år" && !b.Type.StartsWith("Vaksinasjon HPV", StringComparison.Ordinal))
            .ShouldAllBe(b => b.Start > now, "what the family is waiting for lies ahead");
    }

    [Theory]
    [MemberData(nameof(StartDays))]
    public void Given_any_start_day_When_the_demo_family_is_seeded_Then_each_childs_appointments_match_its_age_and_its_records(DateTimeOffset now)
    {
        var (register, today) = RegisterAt(now);
        var home = EpjDemoData.FamilyHome;

        var bookings = DemoFamilyAppointments.Plan(register, today);

        var child = register.Persona("child-under-12");
        AgeAt(bookings, child, "Konsultasjon 4 år").ShouldBeInRange(4 * 12, (4 * 12) + 1, "the 4-year consultation in the month after the 4th birthday");
        AgeAt(bookings, child, "Konsultasjon 2 år").ShouldBeInRange(2 * 12, (2 * 12) + 1);
        var twoYear = DemoHealthHistory.Tests(child.Pid, today, home).Single(t => t.Name.Contains("2-års", StringComparison.Ordinal));
        Day(bookings.Single(b => b.Type == "Konsultasjon 2 år").Start).ShouldBe(twoYear.TakenOn, "the result is dated the day of the consultation");

        var newborn = register.Persona("newborn");
        var sixWeeks = Day(bookings.Single(b => b.Pid == newborn.Pid && b.Type == "6 ukers konsultasjon").Start);
        (sixWeeks.DayNumber - newborn.BirthDate.DayNumber).ShouldBeInRange(42, 42 + 5, "six weeks old, or the next open day");

        var youth = register.Persona("youth-12-15");
        var hpv = DemoHealthHistory.Vaccinations(youth.Pid, today, home).Where(d => d.Code == "HPV").OrderBy(d => d.Dose).ToList();
        hpv.Select(d => d.Dose).ShouldBe([1, 2]);
        hpv.ShouldAllBe(d => SchoolYears.GradeOn(youth.BirthDate, d.GivenOn) == 7, "HPV in 7th grade");
        hpv[1].GivenOn.ShouldBeGreaterThanOrEqualTo(hpv[0].GivenOn.AddMonths(DemoHealthHistory.HpvSpacingMonths), "the second dose six months after the first at the earliest");
        Day(bookings.Single(b => b.Pid == youth.Pid && b.Type == "Vaksinasjon HPV, dose 2").Start).ShouldBe(hpv[1].GivenOn);
    }

    [Theory]
    [InlineData("2027-03-22T06:00:00Z")]
    [InlineData("2027-12-20T13:00:00Z")]
    public async Task Given_a_demo_journal_When_it_offers_free_slots_for_three_months_Then_each_lies_within_its_units_hours_on_an_open_day(string now)
    {
        var clock = new TestClock(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
        var home = EpjDemoData.FamilyHome;
        var journal = new SimulatedJournal(home.Vendor, [.. home.Units.Select(u => u.ForJournal)], clock);

        foreach (var unit in home.Units)
        {
            var slots = await journal.GetFreeSlotsAsync(unit.HerId, clock.GetUtcNow(), clock.GetUtcNow().AddDays(92), CancellationToken.None);

            slots.ShouldNotBeEmpty(unit.Name);
            slots.ShouldAllBe(s => unit.Hours.Covers(TimeZoneInfo.ConvertTime(s.Start, Oslo).DateTime, TimeZoneInfo.ConvertTime(s.End, Oslo).DateTime), $"{unit.Name}, open {unit.OpeningHours}");
        }
    }

    /// <summary>Every person the register holds, the ordinary families too, on days spread over a year.</summary>
    [Theory]
    [InlineData("2027-01-04")]
    [InlineData("2027-03-25")]
    [InlineData("2027-06-30")]
    [InlineData("2027-08-16")]
    [InlineData("2027-12-24")]
    public void Given_a_start_day_When_anyones_history_is_read_Then_every_dose_and_result_is_from_their_own_municipality_on_an_open_day_at_the_programmes_age(string day)
    {
        var (register, today) = RegisterAt(new DateTimeOffset(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero));

        foreach (var person in register.All.Where(p => p.BirthDate > today.AddYears(-18)))
        {
            var home = EpjDemoData.Municipalities.Single(m => m.Kommunenummer == person.Kommunenummer);
            var doses = DemoHealthHistory.Vaccinations(person.Pid, today, home);
            var tests = DemoHealthHistory.Tests(person.Pid, today, home);
            foreach (var (on, herId, what) in doses.Select(d => (d.GivenOn, d.UnitHerId, $"{d.Code} {d.Dose}")).Concat(tests.Select(t => (t.TakenOn, t.UnitHerId, t.Name))))
            {
                var unit = home.Units.SingleOrDefault(u => u.HerId == herId);
                unit.ShouldNotBeNull($"{what}: given in the family's municipality {home.Name}");
                unit.Hours.IsOpenOn(on).ShouldBeTrue($"{what} on {on:dddd yyyy-MM-dd} at {unit.Name}");
                on.ShouldBeLessThanOrEqualTo(today);
                on.ShouldBeGreaterThan(person.BirthDate);
            }

            var mmr = doses.Where(d => d.Code == "MMR").ToList();
            mmr.Take(1).ShouldAllBe(d => MonthsOld(person.BirthDate, d.GivenOn) == 15, "MMR at 15 months");
            mmr.Skip(1).ShouldAllBe(d => SchoolYears.GradeOn(person.BirthDate, d.GivenOn) == 6, "the second MMR in 6th grade");
        }
    }

    [Fact]
    public async Task Given_registers_built_side_by_side_When_their_people_are_compared_Then_each_has_the_same_names()
    {
        // Test hosts start in parallel in one process; a name must not depend on which host drew from a generator first.
        var clock = new TestClock(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
        static List<string> People(PopulationRegister register) => [.. register.All.Select(p => $"{p.Name} {p.BirthDate} {string.Join(',', p.Tags)}")];
        var expected = People(new PopulationRegister(clock));

        using var start = new Barrier(4);
        var sideBySide = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(
            () => Enumerable.Range(0, 10).Select(_ =>
            {
                start.SignalAndWait();
                return People(new PopulationRegister(clock));
            }).ToList(),
            TaskCreationOptions.LongRunning)));

        sideBySide.SelectMany(round => round).Count(people => !people.SequenceEqual(expected)).ShouldBe(0, "registers of 40 that drew other people");
    }

    private static (PopulationRegister Register, DateOnly Today) RegisterAt(DateTimeOffset now) =>
        (new PopulationRegister(new TestClock(now)), DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Oslo).DateTime));

    private static int AgeAt(IReadOnlyList<DemoBooking> bookings, RegisterPerson child, string type) =>
        MonthsOld(child.BirthDate, Day(bookings.Single(b => b.Pid == child.Pid && b.Type == type).Start));

    private static int MonthsOld(DateOnly birth, DateOnly on)
    {
        var months = ((on.Year - birth.Year) * 12) + on.Month - birth.Month;
        return on.Day < birth.Day ? months - 1 : months;
    }

    private static DateOnly Day(DateTimeOffset start) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, Oslo).DateTime);
}
