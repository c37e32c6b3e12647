namespace DigiHelsestasjon.Messaging.Persistence.Entities;

/// <summary>A create request by its Idempotency-Key: the same key again returns what it created.</summary>
internal sealed class IdempotentRequest
{
    public Guid ActorPersonId { get; set; }

    public string Key { get; set; } = "";

    /// <summary>Which create: thread, message or attachment.</summary>
    public string Operation { get; set; } = "";

    /// <summary>SHA-256 of what was asked (route and body): the same key with another request is refused.</summary>
    public string RequestHash { get; set; } = "";

    public Guid ResultId { get; set; }

    public DateTime CreatedAt { get; set; }
}
