namespace DigiHelsestasjon.YouthChat.Persistence.Entities;

/// <summary>A conversation token flagged abusive, by its hash, until a time.</summary>
internal sealed class BlockedToken
{
    public string TokenHash { get; set; } = "";

    public DateTime Until { get; set; }
}
