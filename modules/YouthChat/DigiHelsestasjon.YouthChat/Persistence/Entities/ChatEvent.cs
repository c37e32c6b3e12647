namespace DigiHelsestasjon.YouthChat.Persistence.Entities;

/// <summary>One numbered event of a conversation: a message, or a change both sides see (a nurse joined, the youth logged in, the end).</summary>
internal sealed class ChatEvent
{
    public Guid ConversationId { get; set; }

    public long Seq { get; set; }

    /// <summary>One of ChatEventKinds.</summary>
    public string Kind { get; set; } = "";

    /// <summary>youth, nurse or system.</summary>
    public string Author { get; set; } = "";

    public string? Text { get; set; }

    public DateTime At { get; set; }

    /// <summary>The sender's Idempotency-Key: the same message sent twice is stored once.</summary>
    public string? ClientKey { get; set; }
}
