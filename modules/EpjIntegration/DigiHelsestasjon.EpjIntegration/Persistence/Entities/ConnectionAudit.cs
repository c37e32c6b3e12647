namespace DigiHelsestasjon.EpjIntegration.Persistence.Entities;

/// <summary>What was done to a unit's journal connection, by whom and when (connected, promoted to production).</summary>
internal sealed class ConnectionAudit
{
    public Guid Id { get; set; }

    public Guid UnitId { get; set; }

    public string Kommunenummer { get; set; } = "";

    public string Action { get; set; } = "";

    public string Actor { get; set; } = "";

    public DateTime At { get; set; }

    public string Detail { get; set; } = "";
}
