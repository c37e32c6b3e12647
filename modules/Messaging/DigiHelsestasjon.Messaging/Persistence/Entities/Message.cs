namespace DigiHelsestasjon.Messaging.Persistence.Entities;

/// <summary>One message in a thread, either way.</summary>
internal sealed class Message
{
    public const string ToUnit = "to-unit";
    public const string FromUnit = "from-unit";

    public Guid Id { get; set; }

    public Guid ThreadId { get; set; }

    public Guid PersonId { get; set; }

    public Guid UnitId { get; set; }

    /// <summary>The journal's id of it: the platform's MessageId for a citizen's message, the journal's for its own.</summary>
    public Guid EpjMessageId { get; set; }

    public string Direction { get; set; } = ToUnit;

    /// <summary>Null for the health service.</summary>
    public Guid? AuthorPersonId { get; set; }

    /// <summary>self, parent, fullmakt or unit.</summary>
    public string AuthorRelation { get; set; } = "";

    public string AuthorName { get; set; } = "";

    /// <summary>Plain text as written: never interpreted as markup.</summary>
    public string Body { get; set; } = "";

    public DateTime SentAt { get; set; }

    /// <summary>One of DeliveryStates.</summary>
    public string DeliveryState { get; set; } = "";

    /// <summary>When the delivery state last moved (events older than this change nothing).</summary>
    public DateTime DeliveryStateAt { get; set; }

    public DateTime? JournaledAt { get; set; }

    /// <summary>For a failed message: what the citizen should do.</summary>
    public string? FailureReason { get; set; }

    public bool ExemptFromParentalAccess { get; set; }
}
