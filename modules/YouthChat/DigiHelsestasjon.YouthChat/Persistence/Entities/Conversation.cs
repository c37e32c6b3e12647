namespace DigiHelsestasjon.YouthChat.Persistence.Entities;

/// <summary>Conversation states.</summary>
internal static class ConversationStates
{
    /// <summary>Waiting for a nurse.</summary>
    public const string Queued = "queued";

    /// <summary>A nurse has taken it.</summary>
    public const string Active = "active";

    public const string Ended = "ended";
}

/// <summary>An anonymous conversation. Nothing here says who the youth is: no name, fødselsnummer, IP address or user
/// agent, and the token itself only as a hash.</summary>
internal sealed class Conversation
{
    public Guid Id { get; set; }

    public Guid UnitId { get; set; }

    public string Kommunenummer { get; set; } = "";

    /// <summary>SHA-256 of the conversation token, hex.</summary>
    public string TokenHash { get; set; } = "";

    /// <summary>One of <see cref="ConversationStates"/>.</summary>
    public string State { get; set; } = ConversationStates.Queued;

    public DateTime CreatedAt { get; set; }

    /// <summary>When a nurse first took it (the wait the municipality's figures count).</summary>
    public DateTime? FirstClaimedAt { get; set; }

    /// <summary>The nurse holding it: the HelseID subject (HPR-based), never shown to the youth.</summary>
    public string? NurseId { get; set; }

    public DateTime? EndedAt { get; set; }

    /// <summary>youth, nurse, idle, abusive or handed-over.</summary>
    public string? EndReason { get; set; }

    /// <summary>The sequence number of the last event: events are numbered 1, 2, 3 ... per conversation.</summary>
    public long LastSeq { get; set; }

    public DateTime LastActivityAt { get; set; }

    /// <summary>The municipality's retention when the conversation started: its transcript is deleted this long after it ends.</summary>
    public int RetentionHours { get; set; }

    /// <summary>When the retention job looks at it next (idle end, or deletion).</summary>
    public DateTime NextCheckAt { get; set; }

    public string? LockedBy { get; set; }

    public DateTime? LeaseUntil { get; set; }
}
