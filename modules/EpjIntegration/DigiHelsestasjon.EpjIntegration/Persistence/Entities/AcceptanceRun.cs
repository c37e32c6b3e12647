namespace DigiHelsestasjon.EpjIntegration.Persistence.Entities;

/// <summary>One acceptance test of a municipality's test connections: the counts and every case, as the admin sees them.</summary>
internal sealed class AcceptanceRun
{
    public Guid Id { get; set; }

    public string Kommunenummer { get; set; } = "";

    /// <summary>Who ran it (the HelseID subject).</summary>
    public string RunBy { get; set; } = "";

    public DateTime StartedAt { get; set; }

    public int Passed { get; set; }

    public int Failed { get; set; }

    public int Skipped { get; set; }

    /// <summary>The installations the run covered, comma-separated.</summary>
    public string Installations { get; set; } = "";

    /// <summary>Every case as JSON: connection, check, verdict, why.</summary>
    public string Cases { get; set; } = "";
}
