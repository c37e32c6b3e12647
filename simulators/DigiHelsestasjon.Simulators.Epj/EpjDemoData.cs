namespace DigiHelsestasjon.Simulators.Epj;

/// <summary>A demo municipality served by one vendor's journal.</summary>
public sealed record DemoMunicipality(string Kommunenummer, string Name, VendorProfile Vendor, IReadOnlyList<DemoUnit> Units);

/// <summary>A demo unit: the platform's id, its HER-id and what the Directory shows.</summary>
/// <param name="ChatAroundTheClock">The unit keeps its youth chat open day and night, so the chain can be tried at any hour.</param>
public sealed record DemoUnit(Guid UnitId, string HerId, string Name, string Type, string Address, WeeklyHours Hours, bool ChatAroundTheClock = false)
{
    /// <summary>What the Directory shows, written from <see cref="Hours"/> (the demo books only within them).</summary>
    public string OpeningHours => Hours.Text;

    public SimulatedUnit ForJournal => new(UnitId, HerId, Name, Type, Hours);
}

/// <summary>Three fictional municipalities (kommunenummer 99xx is unused in Norway), one per vendor,
/// each with a health station, school health service at two schools and a youth health clinic. The lower
/// secondary school's chat is open around the clock; the other units keep the municipality's weekday hours.
/// Fixed ids, so the Directory and the journals agree across restarts.</summary>
public static class EpjDemoData
{
    public static IReadOnlyList<DemoMunicipality> Municipalities { get; } =
    [
        Municipality("9901", "Fjordvik", VendorProfile.Visma),
        Municipality("9902", "Nordli", VendorProfile.InfoDoc),
        Municipality("9903", "Sørvang", VendorProfile.Cgm),
    ];

    public static DemoMunicipality For(string vendor) => Municipalities.Single(m => m.Vendor.Vendor == vendor);

    /// <summary>The demo installation of a vendor's journal, the same in the platform's simulators and in the simulators' own host.</summary>
    public static string DemoInstallationId(string vendor) => $"demo-{vendor}";

    /// <summary>Demo installations only; a real installation's secret comes from configuration (the platform refuses it in Production).</summary>
    public static string DemoSecret(string vendor) => $"demo-{vendor}-shared-secret-for-the-simulator-only";

    private static DemoMunicipality Municipality(string number, string name, VendorProfile vendor) => new(number, $"{name} kommune", vendor,
    [
        Unit(number, 1, $"{name} helsestasjon", "health-station", $"Storgata 1, {name}", WeeklyHours.Weekdays(new(8, 0), new(15, 30))),
        Unit(number, 2, $"Skolehelsetjenesten {name} barneskole", "school-health", $"Skoleveien 2, {name}",
            new([DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday], new(8, 30), new(14, 0))),
        Unit(number, 3, $"Skolehelsetjenesten {name} ungdomsskole", "school-health", $"Skoleveien 10, {name}", WeeklyHours.Weekdays(new(8, 30), new(14, 0))) with { ChatAroundTheClock = true },
        Unit(number, 4, $"Helsestasjon for ungdom {name}", "youth-clinic", $"Storgata 1, {name}", new([DayOfWeek.Tuesday, DayOfWeek.Thursday], new(14, 0), new(19, 0))),
    ]);

    /// <summary>The demo family's municipality (docs/simulators.md, "The demo family"): Fjordvik, whose journal is Visma's.</summary>
    public static DemoMunicipality FamilyHome => Municipalities[0];

    /// <summary>The unit that serves a child of that age on that day: the health station until school, then the primary
    /// school (1st-7th grade), then the lower secondary school.</summary>
    public static DemoUnit ChildUnitAt(DemoMunicipality municipality, DateOnly birth, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(municipality);
        var grade = SchoolYears.GradeOn(birth, on);
        return municipality.Units[grade < 1 ? 0 : grade <= 7 ? 1 : 2];
    }

    private static DemoUnit Unit(string number, int n, string name, string type, string address, WeeklyHours hours) =>
        new(new Guid($"{number}0000-0000-4000-8000-00000000000{n}"), $"{number}00{n}", name, type, address, hours);
}
