namespace DigiHelsestasjon.Identity.Persistence.Entities;

/// <summary>The only place a fødselsnummer is stored; other modules hold the opaque <see cref="Id"/>.</summary>
internal sealed class Person
{
    public Guid Id { get; set; }

    public string Pid { get; set; } = "";

    public string Name { get; set; } = "";

    public DateOnly BirthDate { get; set; }

    public bool ProtectedAddress { get; set; }

    public DateTime RefreshedAt { get; set; }
}
