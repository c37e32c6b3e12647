namespace DigiHelsestasjon.Identity.Persistence.Entities;

/// <summary>One access to a person's data by someone else, or a refused attempt (pasientjournalloven § 22).</summary>
internal sealed class AccessLogEntry
{
    public Guid Id { get; set; }

    public DateTime Time { get; set; }

    public Guid SubjectId { get; set; }

    public Guid? ActorId { get; set; }

    public string ActorName { get; set; } = "";

    public string Relation { get; set; } = "";

    public string Action { get; set; } = "";

    public string Purpose { get; set; } = "";

    public string Outcome { get; set; } = "";

    public string System { get; set; } = "";
}
