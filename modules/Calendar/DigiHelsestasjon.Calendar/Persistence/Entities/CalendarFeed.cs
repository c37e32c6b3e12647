namespace DigiHelsestasjon.Calendar.Persistence.Entities;

/// <summary>An iCalendar subscription: an unguessable token (only its hash is stored) that shows one
/// subject's appointments as the actor who made it may see them, until revoked.</summary>
internal sealed class CalendarFeed
{
    public Guid Id { get; set; }

    public Guid SubjectId { get; set; }

    public Guid ActorPersonId { get; set; }

    public string TokenHash { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}
