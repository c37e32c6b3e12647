namespace DigiHelsestasjon.Identity.Persistence.Entities;

/// <summary>A web session ended by a logout (<see cref="Features.WebSessions.WebSessionHandlers"/>): its random id, never a token.</summary>
internal sealed class EndedWebSession
{
    public string Id { get; set; } = "";

    public DateTime ExpiresAt { get; set; }
}
