namespace DigiHelsestasjon.EpjIntegration.Persistence.Entities;

/// <summary>One message to or from a journal, with its three acknowledgement levels. Holds no
/// fødselsnummer: outbound items name the person by id and resolve it at delivery; inbound items keep a summary.</summary>
internal sealed class EpjItem : BuildingBlocks.WorkQueues.IWorkItem
{
    public const string Outbound = "outbound";
    public const string Inbound = "inbound";

    public Guid Id { get; set; }

    public string Direction { get; set; } = Outbound;

    public Guid MessageId { get; set; }

    public string InstallationId { get; set; } = "";

    /// <summary>citizen-message, cancellation; or the inbound message type.</summary>
    public string Kind { get; set; } = "";

    public string Kommunenummer { get; set; } = "";

    public Guid UnitId { get; set; }

    public string State { get; set; } = "";

    /// <summary>Outbound: the request event as JSON. Inbound: a summary without personal data.</summary>
    public string Payload { get; set; } = "";

    /// <summary>Level 1: the connector answered.</summary>
    public bool TransportDelivered { get; set; }

    /// <summary>Level 2: ok, rejected, okWithErrors.</summary>
    public string? ReceiptStatus { get; set; }

    /// <summary>Level 3: journaled, refused, pendingManualReview.</summary>
    public string? Outcome { get; set; }

    public string? DocumentReference { get; set; }

    public string? Reason { get; set; }

    public string? ErrorCodes { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public DateTime? LeaseUntil { get; set; }

    /// <summary>The process holding the lease (a delivery claim), so that a worker that lost its lease cannot finish someone else's claim.</summary>
    public string? LockedBy { get; set; }

    public string? LastError { get; set; }

    /// <summary>Outbound: the W3C traceparent of the work that queued the item; the delivery's span continues that trace.</summary>
    public string? TraceParent { get; set; }

    /// <summary>Inbound: the receipt first answered, returned again for a duplicate.</summary>
    public string? Response { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
