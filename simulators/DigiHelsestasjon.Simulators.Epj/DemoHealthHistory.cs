using System.Security.Cryptography;
using System.Text;
using Bogus;

namespace DigiHelsestasjon.Simulators.Epj;

/// <summary>One dose of the childhood immunisation programme as it was given: where (a demo unit) and when.</summary>
public sealed record GivenDose(string EntryId, string Code, string Name, int Dose, DateOnly GivenOn, string UnitHerId);

/// <summary>A test the health service took, with its result as the citizen reads it.</summary>
public sealed record TakenTest(string EntryId, string Name, string Result, DateOnly TakenOn, string UnitHerId, bool Exempt = false);

/// <summary>A synthetic child's health history, the same every time for the same fødselsnummer, shared by the national
/// register (SYSVAK, every dose) and the journals (what their own units did): the childhood immunisation programme
/// (barnevaksinasjonsprogrammet) and the routine checks, at the programme's age or school grade, a few days late at
/// random, always on a day the unit that served the child then is open (no weekend, no holiday), in the child's home
/// municipality: the health station before school, then the primary school (1st-7th grade), then the lower secondary school.</summary>
public static class DemoHealthHistory
{
    private const string SixFold = "Difteri, stivkrampe, kikhoste, polio, Hib og hepatitt B";
    private const string Pcv = "Pneumokokkvaksine";
    private const string Rota = "Rotavirusvaksine";
    private const string Mmr = "Meslinger, kusma og røde hunder (MMR)";
    private const string DtpIpv = "Difteri, stivkrampe, kikhoste og polio";
    private const string Hpv = "Humant papillomavirus (HPV)";

    /// <summary>The programme's visits: when (from the birth date) and the doses given together.</summary>
    private static readonly (Func<DateOnly, DateOnly> Due, (string Code, string Name, int Dose)[] Doses)[] Programme =
    [
        (b => b.AddDays(6 * 7), [("ROTA", Rota, 1)]),
        (b => b.AddMonths(3), [("DTP-IPV-HIB-HEPB", SixFold, 1), ("PCV", Pcv, 1), ("ROTA", Rota, 2)]),
        (b => b.AddMonths(5), [("DTP-IPV-HIB-HEPB", SixFold, 2), ("PCV", Pcv, 2)]),
        (b => b.AddMonths(12), [("DTP-IPV-HIB-HEPB", SixFold, 3), ("PCV", Pcv, 3)]),
        (b => b.AddMonths(15), [("MMR", Mmr, 1)]),
        (b => Autumn(b, 2), [("DTP-IPV", DtpIpv, 4)]),
        (b => Autumn(b, 6), [("MMR", Mmr, 2)]),
        (b => Autumn(b, 7), [("HPV", Hpv, 1)]),
        (b => Autumn(b, 10), [("DTP-IPV", DtpIpv, 5)]),
    ];

    /// <summary>HPV's second dose: six months after the first at the earliest, still in 7th grade (spring).</summary>
    public const int HpvSpacingMonths = 6;

    private static readonly (string Name, string[] Results, Func<DateOnly, DateOnly> Due)[] Checks =
    [
        ("Vekt og lengde, 2-årskonsultasjon", ["Vekst som forventet."], b => b.AddYears(2)),
        ("Syn, 4-årskontroll", ["Normalt syn på begge øyne.", "Henvist til optiker for kontroll."], b => b.AddYears(4)),
        ("Hørsel, 4-årskontroll", ["Normal hørsel."], b => b.AddYears(4)),
        ("Høyde og vekt, 3. trinn", ["Vekst som forventet.", "Vekst som forventet. Ny måling om ett år."], b => Autumn(b, 3)),
        ("Høyde og vekt, 8. trinn", ["Vekst som forventet."], b => Autumn(b, 8)),
    ];

    /// <summary>Every dose given up to <paramref name="today"/>; empty when the number carries no readable birth date.
    /// <paramref name="home"/>: the municipality the child lives in (null: one chosen from the number).</summary>
    public static IReadOnlyList<GivenDose> Vaccinations(string pid, DateOnly today, DemoMunicipality? home = null)
    {
        var (birth, faker, municipality) = Start(pid, home);
        if (birth is not { } born)
        {
            return [];
        }

        var doses = new List<GivenDose>();
        foreach (var (due, given) in Programme)
        {
            var (on, unit) = Visit(municipality, born, due(born).AddDays(faker.Random.Int(0, 20)));
            doses.AddRange(given.Select(d => new GivenDose(EntryId("vax", pid, $"{d.Code}/{d.Dose}"), d.Code, d.Name, d.Dose, on, unit)));
            if (given.Any(d => d.Code == "HPV"))
            {
                var (second, secondUnit) = Visit(municipality, born, on.AddMonths(HpvSpacingMonths).AddDays(faker.Random.Int(0, 14)));
                doses.Add(new GivenDose(EntryId("vax", pid, "HPV/2"), "HPV", Hpv, 2, second, secondUnit));
            }
        }

        return [.. doses.Where(d => d.GivenOn <= today).OrderBy(d => d.GivenOn)];
    }

    /// <summary>The routine checks taken up to <paramref name="today"/>.</summary>
    public static IReadOnlyList<TakenTest> Tests(string pid, DateOnly today, DemoMunicipality? home = null)
    {
        var (birth, faker, municipality) = Start(pid, home);
        if (birth is not { } born)
        {
            return [];
        }

        faker.Random.Int(0, 20); // the same first draw as Vaccinations, so the two lists stay independent of each other's length
        var tests = new List<TakenTest>();
        foreach (var (name, results, due) in Checks)
        {
            var (on, unit) = Visit(municipality, born, due(born).AddDays(faker.Random.Int(0, 14)));
            var result = faker.PickRandom(results);
            if (on <= today)
            {
                tests.Add(new TakenTest(EntryId("test", pid, name), name, result, on, unit));
            }
        }

        return tests;
    }

    /// <summary>The birth date a (synthetic) fødselsnummer carries: DDMMYY with month + 80 (Skatteetaten's test numbers) or
    /// + 40 (NAV's), day + 40 for a D-number, the century from the individual number.</summary>
    public static DateOnly? BirthDate(string pid)
    {
        if (pid is not { Length: 11 } || !pid.All(char.IsAsciiDigit))
        {
            return null;
        }

        var day = int.Parse(pid[..2]) % 40;
        var month = int.Parse(pid[2..4]) % 40;
        var year = int.Parse(pid[4..6]);
        var individual = int.Parse(pid[6..9]);
        var century = individual switch
        {
            < 500 => 1900,
            < 750 when year >= 54 => 1800,
            _ when year < 40 => 2000,
            >= 900 => 1900,
            _ => 2000,
        };
        return DateOnly.TryParseExact($"{century + year:0000}-{month:00}-{day:00}", "yyyy-MM-dd", out var date) ? date : null;
    }

    private static (DateOnly? Birth, Faker Faker, DemoMunicipality Home) Start(string pid, DemoMunicipality? home)
    {
        var faker = new Faker("nb_NO") { Random = new Randomizer(Seed(pid)) };
        var chosen = EpjDemoData.Municipalities[faker.Random.Int(0, EpjDemoData.Municipalities.Count - 1)];
        return (BirthDate(pid), faker, home ?? chosen);
    }

    /// <summary>The first day on or after <paramref name="due"/> that the unit serving the child then is open, and that unit.</summary>
    private static (DateOnly On, string UnitHerId) Visit(DemoMunicipality home, DateOnly birth, DateOnly due)
    {
        var unit = EpjDemoData.ChildUnitAt(home, birth, due);
        return (unit.Hours.OpenOnOrAfter(due), unit.HerId);
    }

    /// <summary>Mid-September of the school year the child is in that grade: the school nurse's autumn round.</summary>
    private static DateOnly Autumn(DateOnly birth, int grade) => SchoolYears.StartOf(birth, grade).AddDays(45);

    private static int Seed(string pid) => BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes("health-history/" + pid)), 0);

    private static string EntryId(string kind, string pid, string what) =>
        $"{kind}-{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{pid}/{what}")))[..12].ToLowerInvariant()}";
}
