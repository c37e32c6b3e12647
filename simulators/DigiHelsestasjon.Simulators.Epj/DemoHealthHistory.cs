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
/// (barnevaksinasjonsprogrammet) by age, a few days late at random, given where the family lived then (one of the three
/// demo municipalities, sometimes moving once), and the routine checks with a result.</summary>
public static class DemoHealthHistory
{
    /// <summary>The programme: code, name, dose, age in days (weeks and months) or school year (7 years = 2nd grade).</summary>
    private static readonly (string Code, string Name, int Dose, int AgeDays)[] Programme =
    [
        ("ROTA", "Rotavirusvaksine", 1, 6 * 7),
        ("DTP-IPV-HIB-HEPB", "Difteri, stivkrampe, kikhoste, polio, Hib og hepatitt B", 1, 91),
        ("PCV", "Pneumokokkvaksine", 1, 91),
        ("ROTA", "Rotavirusvaksine", 2, 91),
        ("DTP-IPV-HIB-HEPB", "Difteri, stivkrampe, kikhoste, polio, Hib og hepatitt B", 2, 152),
        ("PCV", "Pneumokokkvaksine", 2, 152),
        ("DTP-IPV-HIB-HEPB", "Difteri, stivkrampe, kikhoste, polio, Hib og hepatitt B", 3, 365),
        ("PCV", "Pneumokokkvaksine", 3, 365),
        ("MMR", "Meslinger, kusma og røde hunder (MMR)", 1, 456),
        ("DTP-IPV", "Difteri, stivkrampe, kikhoste og polio", 4, 7 * 365 + 30),
        ("MMR", "Meslinger, kusma og røde hunder (MMR)", 2, 11 * 365 + 30),
        ("HPV", "Humant papillomavirus (HPV)", 1, 12 * 365 + 30),
        ("DTP-IPV", "Difteri, stivkrampe, kikhoste og polio", 5, 15 * 365 + 30),
    ];

    private static readonly (string Name, string[] Results, int AgeDays)[] Checks =
    [
        ("Syn, 4-årskontroll", ["Normalt syn på begge øyne.", "Henvist til optiker for kontroll."], 4 * 365 + 20),
        ("Hørsel, 4-årskontroll", ["Normal hørsel."], 4 * 365 + 20),
        ("Høyde og vekt, 3. trinn", ["Vekst som forventet.", "Vekst som forventet. Ny måling om ett år."], 8 * 365 + 60),
        ("Høyde og vekt, 8. trinn", ["Vekst som forventet."], 13 * 365 + 60),
    ];

    /// <summary>Every dose given up to <paramref name="today"/>; empty when the number carries no readable birth date.</summary>
    public static IReadOnlyList<GivenDose> Vaccinations(string pid, DateOnly today)
    {
        var (birth, faker, homes) = Start(pid);
        if (birth is null)
        {
            return [];
        }

        var doses = new List<GivenDose>();
        foreach (var (code, name, dose, age) in Programme)
        {
            var on = birth.Value.AddDays(age + faker.Random.Int(0, 20));
            if (on <= today)
            {
                doses.Add(new GivenDose(EntryId("vax", pid, $"{code}/{dose}"), code, name, dose, on, UnitAt(homes, birth.Value, on)));
            }
        }

        return doses;
    }

    /// <summary>The routine checks taken up to <paramref name="today"/>.</summary>
    public static IReadOnlyList<TakenTest> Tests(string pid, DateOnly today)
    {
        var (birth, faker, homes) = Start(pid);
        if (birth is null)
        {
            return [];
        }

        faker.Random.Int(0, 20); // the same draws as Vaccinations use, so adding a check does not move the doses
        var tests = new List<TakenTest>();
        foreach (var (name, results, age) in Checks)
        {
            var on = birth.Value.AddDays(age + faker.Random.Int(0, 30));
            if (on <= today)
            {
                tests.Add(new TakenTest(EntryId("test", pid, name), name, faker.PickRandom(results), on, UnitAt(homes, birth.Value, on)));
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

    private static (DateOnly? Birth, Faker Faker, (int First, int Second, int MovedAtAge) Homes) Start(string pid)
    {
        var faker = new Faker("nb_NO") { Random = new Randomizer(Seed(pid)) };
        var first = faker.Random.Int(0, EpjDemoData.Municipalities.Count - 1);
        var moves = faker.Random.Bool();
        var second = moves ? (first + faker.Random.Int(1, EpjDemoData.Municipalities.Count - 1)) % EpjDemoData.Municipalities.Count : first;
        var movedAt = moves ? faker.Random.Int(3, 10) : int.MaxValue;
        return (BirthDate(pid), faker, (first, second, movedAt));
    }

    /// <summary>Where the family lived at that age: the health station before school, then the primary school, then the lower secondary school.</summary>
    private static string UnitAt((int First, int Second, int MovedAtAge) homes, DateOnly birth, DateOnly on)
    {
        var age = (on.DayNumber - birth.DayNumber) / 365;
        var municipality = EpjDemoData.Municipalities[age >= homes.MovedAtAge ? homes.Second : homes.First];
        return municipality.Units[age < 6 ? 0 : age < 13 ? 1 : 2].HerId;
    }

    private static int Seed(string pid) => BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes("health-history/" + pid)), 0);

    private static string EntryId(string kind, string pid, string what) =>
        $"{kind}-{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{pid}/{what}")))[..12].ToLowerInvariant()}";
}
