namespace DigiHelsestasjon.Identity.Persistence.Entities;

internal sealed class PowerOfAttorney
{
    public Guid Id { get; set; }

    public Guid GiverId { get; set; }

    public Guid ReceiverId { get; set; }

    /// <summary>Space-separated permissions.</summary>
    public string Scopes { get; set; } = "";

    public DateTime GrantedAt { get; set; }

    public DateTime? ValidTo { get; set; }

    public DateTime? EndedAt { get; set; }

    public Guid? EndedBy { get; set; }

    public bool InForce(DateTime now) => EndedAt is null && (ValidTo is null || ValidTo > now);
}
