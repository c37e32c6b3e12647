namespace DigiHelsestasjon.Messaging.Persistence.Entities;

/// <summary>A conversation between one person (the subject) and one unit. Its id is also the conversation id the
/// journal keeps the thread together by, in both directions.</summary>
internal sealed class MessageThread
{
    public Guid Id { get; set; }

    /// <summary>The subject: the person the thread is about.</summary>
    public Guid PersonId { get; set; }

    public Guid UnitId { get; set; }

    /// <summary>One of ThreadTopics.</summary>
    public string Topic { get; set; } = "";

    public string Subject { get; set; } = "";

    /// <summary>self, parent, fullmakt (a citizen) or unit (the health service, through the EPJ).</summary>
    public string StartedBy { get; set; } = "";

    public Guid? StartedByPersonId { get; set; }

    /// <summary>The youth's own contact with the school health service or HFU (not started by a parent): never shown to
    /// parents from 12.</summary>
    public bool YouthService { get; set; }

    /// <summary>Opened by the health service with a message exempt from parental access (pbrl. § 3-4).</summary>
    public bool ExemptFromParentalAccess { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime LastMessageAt { get; set; }

    /// <summary>When the unit first answered a thread a citizen started (for the municipality's figures).</summary>
    public DateTime? FirstAnswerAt { get; set; }
}
