using System.Collections.Concurrent;
using Bogus;

namespace DigiHelsestasjon.Simulators.Folkeregisteret;

/// <summary>A person as the simulated register holds them.</summary>
public sealed record RegisterPerson(
    string Pid,
    string Name,
    DateOnly BirthDate,
    string Address,
    bool ProtectedAddress,
    IReadOnlyList<string> Tags,
    IReadOnlyList<RegisterRelation> Children,
    IReadOnlyList<RegisterRelation> Parents)
{
    /// <summary>The municipality of the person's address (bostedskommune); a household shares it. Empty: not known.</summary>
    public string Kommunenummer { get; init; } = "";
}

/// <summary>A parent-child link; <c>ParentalResponsibility</c> is foreldreansvar.</summary>
public sealed record RegisterRelation(string Pid, bool ParentalResponsibility);

/// <summary>The Folkeregisteret simulator: tagged personas for tests and demos plus ordinary
/// Bogus families. Seeded deterministically, with ages counted from the clock's today.</summary>
public sealed class PopulationRegister
{
    /// <summary>The demo family's municipality (Fjordvik) and the three demo municipalities the ordinary families live in.</summary>
    public const string FamilyKommunenummer = "9901";

    private static readonly string[] DemoKommunenummer = [FamilyKommunenummer, "9902", "9903"];
    private readonly ConcurrentDictionary<string, RegisterPerson> persons = new();
    private readonly Random random = new(20261122);

    // Its own seed, not Bogus's static one: hosts built side by side in one test process would otherwise draw from the
    // same generator in turn, and the personas' names would change from run to run (two sisters could share a name).
    private readonly Randomizer names = new(1122);
    private readonly DateOnly today;
    private string household = FamilyKommunenummer;

    public PopulationRegister(TimeProvider time, int extraFamilies = 20)
    {
        ArgumentNullException.ThrowIfNull(time);
        var oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
        today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), oslo).DateTime);
        SeedPersonas();
        for (var i = 0; i < extraFamilies; i++)
        {
            household = DemoKommunenummer[i % DemoKommunenummer.Length];
            SeedFamily();
        }

        household = FamilyKommunenummer;
        SeedLaterPersonas();
    }

    public RegisterPerson? Find(string pid) => persons.TryGetValue(pid, out var person) ? person : null;

    public IReadOnlyList<RegisterPerson> All => persons.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();

    /// <summary>The first person with the tag (every persona tag in docs/simulators.md exists).</summary>
    public RegisterPerson Persona(string tag) => persons.Values.Where(p => p.Tags.Contains(tag)).OrderBy(p => p.Pid, StringComparer.Ordinal).First();

    /// <summary>Adds or replaces a person (tests use it to place someone on a birthday).</summary>
    public RegisterPerson Put(RegisterPerson person)
    {
        ArgumentNullException.ThrowIfNull(person);
        persons[person.Pid] = person;
        return person;
    }

    /// <summary>A new synthetic number for a birth date.</summary>
    public string NewPid(DateOnly birthDate)
    {
        lock (random)
        {
            string pid;
            do
            {
                pid = SyntheticFodselsnummer.Create(birthDate, random);
            }
            while (persons.ContainsKey(pid));
            return pid;
        }
    }

    private void SeedPersonas()
    {
        var faker = new Faker("nb_NO") { Random = names };
        var surname = faker.Name.LastName();
        var address = faker.Address.StreetAddress();
        var guardian = NewPerson(faker.Name.FirstName() + " " + surname, YearsAgo(41, 3), address, ["guardian"]);
        var otherParent = NewPerson(faker.Name.FirstName() + " " + surname, YearsAgo(43, 40), faker.Address.StreetAddress(), ["parent-without-responsibility"]);
        // Three weeks short of four: the 4-year consultation is always just ahead (docs/simulators.md, "The demo family").
        var child = NewPerson(faker.Name.FirstName() + " " + surname, YearsAgo(4, -21), address, ["child-under-12"]);
        var youth = NewPerson(faker.Name.FirstName() + " " + surname, YearsAgo(14, 60), address, ["youth-12-15"]);
        var older = NewPerson(faker.Name.FirstName() + " " + surname, YearsAgo(16, 100), address, ["youth-16-17"]);
        Link(guardian, child, responsibility: true);
        Link(guardian, youth, responsibility: true);
        Link(guardian, older, responsibility: true);
        Link(otherParent, child, responsibility: false);

        var protectedSurname = faker.Name.LastName();
        var protectedParent = NewPerson(faker.Name.FirstName() + " " + protectedSurname, YearsAgo(35, 10), "", ["guardian-of-protected"], protectedAddress: true);
        var protectedChild = NewPerson(faker.Name.FirstName() + " " + protectedSurname, YearsAgo(7, 30), "", ["protected-address"], protectedAddress: true);
        Link(protectedParent, protectedChild, responsibility: true);

        NewPerson(faker.Name.FullName(), YearsAgo(52, 200), faker.Address.StreetAddress(), ["stranger"]);

        // Basis services: a pregnancy (the partner has no say without her power of attorney), a newborn registered a few
        // days ago, and a mother whose newborn is not registered yet (the journal holds its first items on her).
        var pregnantSurname = faker.Name.LastName();
        var pregnantAddress = faker.Address.StreetAddress();
        NewPerson(faker.Name.FirstName(Bogus.DataSets.Name.Gender.Female) + " " + pregnantSurname, YearsAgo(31, 45), pregnantAddress, ["pregnant"]);
        NewPerson(faker.Name.FirstName(Bogus.DataSets.Name.Gender.Male) + " " + pregnantSurname, YearsAgo(33, 80), pregnantAddress, ["partner-of-pregnant"]);

        var newbornSurname = faker.Name.LastName();
        var newbornAddress = faker.Address.StreetAddress();
        var mother = NewPerson(faker.Name.FirstName(Bogus.DataSets.Name.Gender.Female) + " " + newbornSurname, YearsAgo(29, 120), newbornAddress, ["parent-of-newborn"]);
        var father = NewPerson(faker.Name.FirstName(Bogus.DataSets.Name.Gender.Male) + " " + newbornSurname, YearsAgo(30, 15), newbornAddress, ["other-parent-of-newborn"]);
        var newborn = NewPerson(faker.Name.FirstName() + " " + newbornSurname, today.AddDays(-4), newbornAddress, ["newborn"]);
        Link(mother, newborn, responsibility: true);
        Link(father, newborn, responsibility: true);

        var birthSurname = faker.Name.LastName();
        var birthAddress = faker.Address.StreetAddress();
        NewPerson(faker.Name.FirstName(Bogus.DataSets.Name.Gender.Female) + " " + birthSurname, YearsAgo(34, 200), birthAddress, ["mother-of-unregistered-newborn"]);
        NewPerson(faker.Name.FirstName(Bogus.DataSets.Name.Gender.Male) + " " + birthSurname, YearsAgo(35, 30), birthAddress, ["other-parent-of-unregistered-newborn"]);
    }

    /// <summary>Personas added after the first release: seeded after the ordinary families, so that every earlier person keeps
    /// the name and number it had. A 15-year-old in a family of her own, for the youth self-service (she books with the school
    /// nurse herself; her guardian sees her vaccinations but not her school results).</summary>
    private void SeedLaterPersonas()
    {
        var faker = new Faker("nb_NO") { Random = names };
        var surname = faker.Name.LastName();
        var address = faker.Address.StreetAddress();
        var guardian = NewPerson(faker.Name.FirstName() + " " + surname, YearsAgo(44, 150), address, ["guardian-of-youth-15"]);
        var youth = NewPerson(faker.Name.FirstName(Bogus.DataSets.Name.Gender.Female) + " " + surname, YearsAgo(15, 120), address, ["youth-15"]);
        Link(guardian, youth, responsibility: true);
    }

    /// <summary>Registers a child born today (the birth notice reaches the register): the mother's surname and address, both
    /// parents with parental responsibility.</summary>
    public RegisterPerson RegisterBirth(string motherPid, string? otherParentPid)
    {
        var mother = Find(motherPid) ?? throw new KeyNotFoundException("No such mother in the register.");
        var other = otherParentPid is null ? null : Find(otherParentPid) ?? throw new KeyNotFoundException("No such other parent in the register.");
        var faker = new Faker("nb_NO") { Random = names };
        var surname = mother.Name.Split(' ')[^1];
        var child = Put(NewPerson(faker.Name.FirstName() + " " + surname, today, mother.Address, ["born-today"], mother.ProtectedAddress) with { Kommunenummer = mother.Kommunenummer });
        Link(mother, child, responsibility: true);
        if (other is not null)
        {
            Link(other, child, responsibility: true);
        }

        return persons[child.Pid];
    }

    private void SeedFamily()
    {
        var faker = new Faker("nb_NO") { Random = names };
        var surname = faker.Name.LastName();
        var address = faker.Address.StreetAddress();
        var parentA = NewPerson(faker.Name.FirstName() + " " + surname, YearsAgo(faker.Random.Int(28, 50), faker.Random.Int(0, 364)), address, ["adult"]);
        var parentB = NewPerson(faker.Name.FirstName() + " " + surname, YearsAgo(faker.Random.Int(28, 50), faker.Random.Int(0, 364)), address, ["adult"]);
        for (var i = faker.Random.Int(1, 3); i > 0; i--)
        {
            var age = faker.Random.Int(0, 17);
            var child = NewPerson(faker.Name.FirstName() + " " + surname, YearsAgo(age, faker.Random.Int(0, 364)), address, [age < 12 ? "child-under-12-extra" : "youth-extra"]);
            Link(parentA, child, responsibility: true);
            Link(parentB, child, responsibility: true);
        }
    }

    private DateOnly YearsAgo(int years, int extraDays) => today.AddYears(-years).AddDays(-extraDays);

    private RegisterPerson NewPerson(string name, DateOnly birthDate, string address, string[] tags, bool protectedAddress = false) =>
        Put(new RegisterPerson(NewPid(birthDate), name, birthDate, protectedAddress ? "" : address, protectedAddress, tags, [], []) { Kommunenummer = household });

    private void Link(RegisterPerson parent, RegisterPerson child, bool responsibility)
    {
        var currentParent = persons[parent.Pid];
        var currentChild = persons[child.Pid];
        Put(currentParent with { Children = [.. currentParent.Children, new RegisterRelation(child.Pid, responsibility)] });
        Put(currentChild with { Parents = [.. currentChild.Parents, new RegisterRelation(parent.Pid, responsibility)] });
    }
}
