using DigiHelsestasjon.Identity.Contracts;
using DigiHelsestasjon.Identity.Domain;
using DigiHelsestasjon.Simulators.Folkeregisteret;
using DigiHelsestasjon.Testing;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Identity.Tests;

public sealed class FodselsnummerTests
{
    [Theory]
    [InlineData("", "must be 11 digits")]
    [InlineData("1234567890", "must be 11 digits")]
    [InlineData("1234567890a", "must be 11 digits")]
    [InlineData("01010112345", "has wrong control digits")]
    public void Given_a_malformed_number_When_validated_Then_the_problem_is_named(string value, string problem) =>
        Fodselsnummer.Problem(value).ShouldBe(problem);

    [Fact]
    public void Given_synthetic_numbers_from_the_register_simulator_When_validated_Then_they_are_valid_and_encode_the_birth_date()
    {
        var random = new Random(7);
        foreach (var birth in new[] { new DateOnly(2014, 11, 23), new DateOnly(1985, 2, 28), new DateOnly(2024, 2, 29), new DateOnly(1999, 12, 31) })
        {
            var pid = SyntheticFodselsnummer.Create(birth, random);
            Fodselsnummer.Problem(pid).ShouldBeNull(pid);
            Fodselsnummer.BirthDate(pid).ShouldBe(birth);
        }
    }

    [Fact]
    public void Given_a_D_number_When_validated_Then_it_is_valid_and_the_day_is_read_minus_40()
    {
        // 41018512345 family: build one with correct control digits from a fødselsnummer's body.
        var pid = SyntheticFodselsnummer.Create(new DateOnly(1985, 1, 1), new Random(3));
        var body = (int.Parse(pid[..1], System.Globalization.CultureInfo.InvariantCulture) + 4) + pid[1..9];
        var dnumber = Enumerable.Range(0, 100).Select(k => body + k.ToString("00", System.Globalization.CultureInfo.InvariantCulture)).First(Fodselsnummer.IsValid);

        Fodselsnummer.BirthDate(dnumber)!.Value.Day.ShouldBe(1);
    }
}

public sealed class RepresentationRulesTests
{
    private static readonly string[] YoungChild = [Permissions.ProfileRead, Permissions.AppointmentsRead, Permissions.AppointmentsCancel, Permissions.MessagesRead, Permissions.MessagesSend, Permissions.AccessLogRead, Permissions.AppointmentsBook, Permissions.HealthRecordsRead];
    private static readonly string[] Youth = [Permissions.ProfileRead, Permissions.AppointmentsRead, Permissions.AppointmentsCancel, Permissions.HealthRecordsRead];

    /// <summary>Both sides of the 12th and 16th birthday, decided on the day in Europe/Oslo:
    /// 23:30 UTC on 22 November is already 23 November in Oslo (UTC+1).</summary>
    public static TheoryData<string, string, string> Boundaries() => new()
    {
        { "2014-11-23", "2026-11-22T10:00:00Z", "young" },   // day before the 12th birthday
        { "2014-11-23", "2026-11-22T22:59:59Z", "young" },   // 23:59:59 in Oslo
        { "2014-11-23", "2026-11-22T23:00:00Z", "youth" },   // 00:00 on the birthday in Oslo
        { "2014-11-23", "2026-11-23T12:00:00Z", "youth" },   // the 12th birthday
        { "2010-11-23", "2026-11-22T12:00:00Z", "youth" },   // day before the 16th birthday
        { "2010-11-23", "2026-11-22T23:30:00Z", "none" },    // the 16th birthday, just after midnight in Oslo
        { "2010-11-23", "2026-11-23T12:00:00Z", "none" },
        { "2014-06-23", "2026-06-22T21:59:59Z", "young" },   // summer time: Oslo is UTC+2
        { "2014-06-23", "2026-06-22T22:00:00Z", "youth" },
        { "2016-02-29", "2028-02-28T12:00:00Z", "young" },   // leap-day child: birthday is 29 February in a leap year
        { "2016-02-29", "2028-02-29T12:00:00Z", "youth" },
        { "2012-02-29", "2028-02-28T12:00:00Z", "youth" },
        { "2012-02-29", "2028-02-29T12:00:00Z", "none" },
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void Given_a_child_on_either_side_of_a_birthday_When_a_parent_with_responsibility_acts_Then_the_age_band_decides(string birth, string nowUtc, string band)
    {
        var time = new TestClock(DateTimeOffset.Parse(nowUtc, System.Globalization.CultureInfo.InvariantCulture));
        var age = Age.On(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), Age.TodayInOslo(time));

        var permissions = RepresentationRules.ForParent(parentalResponsibility: true, parentProtected: false, childProtected: false, age);

        permissions.ShouldBe(band switch { "young" => YoungChild, "youth" => Youth, _ => [] });
    }

    [Fact]
    public void Given_a_non_leap_year_When_a_leap_day_child_ages_Then_the_birthday_is_1_March()
    {
        Age.On(new DateOnly(2012, 2, 29), new DateOnly(2024, 2, 28)).ShouldBe(11);
        Age.On(new DateOnly(2012, 2, 29), new DateOnly(2023, 2, 28)).ShouldBe(10);
        Age.On(new DateOnly(2012, 2, 29), new DateOnly(2023, 3, 1)).ShouldBe(11);
    }

    [Theory]
    [InlineData(false, false, false, 5)]
    [InlineData(true, true, false, 5)]
    [InlineData(true, false, true, 5)]
    [InlineData(true, false, false, 16)]
    [InlineData(true, false, false, 17)]
    public void Given_no_responsibility_a_protected_address_or_a_youth_from_16_When_a_parent_acts_Then_nothing_is_allowed(bool responsibility, bool parentProtected, bool childProtected, int age) =>
        RepresentationRules.ForParent(responsibility, parentProtected, childProtected, age).ShouldBeEmpty();

    [Theory]
    [InlineData(16, 18, false, true, true)]
    [InlineData(15, 18, false, true, false)]
    [InlineData(16, 17, false, true, false)]
    [InlineData(30, 40, true, true, false)]
    [InlineData(30, 40, false, false, false)]
    public void Given_a_fullmakt_When_age_limits_protection_and_validity_apply_Then_only_a_valid_one_grants_its_scopes(int giverAge, int receiverAge, bool anyProtected, bool inForce, bool grants)
    {
        var permissions = RepresentationRules.ForFullmakt([Permissions.AppointmentsRead, Permissions.AccessLogRead], giverAge, receiverAge, anyProtected, inForce);

        // The access log is never delegable: never more than the giver can give.
        permissions.ShouldBe(grants ? [Permissions.AppointmentsRead] : []);
    }

    [Fact]
    public void Given_items_for_a_youth_When_a_parent_lists_them_Then_exempt_and_youth_service_items_are_hidden()
    {
        var parentOfYouth = new SubjectAccessDecision(true, Guid.NewGuid(), Relations.Child, 14);
        var parentOfChild = new SubjectAccessDecision(true, Guid.NewGuid(), Relations.Child, 8);
        var self = new SubjectAccessDecision(true, Guid.NewGuid(), Relations.Self, 14);

        parentOfYouth.MaySee(new ItemProtection(false, false)).ShouldBeTrue();
        parentOfYouth.MaySee(new ItemProtection(true, false)).ShouldBeFalse();
        parentOfYouth.MaySee(new ItemProtection(false, true)).ShouldBeFalse();
        parentOfChild.MaySee(new ItemProtection(true, false)).ShouldBeFalse();
        self.MaySee(new ItemProtection(true, true)).ShouldBeTrue();
    }
}
