namespace DigiHelsestasjon.Notifications.Persistence.Entities;

/// <summary>One notice to one recipient: planned from an event, sent by the notice queue, followed to its end.
/// It holds ids and times only; the text is rendered, and the contact looked up, at the moment of sending.</summary>
internal sealed class Notice : BuildingBlocks.WorkQueues.IWorkItem
{
    public Guid Id { get; set; }

    /// <summary>One of NoticeKinds.</summary>
    public string Kind { get; set; } = "";

    /// <summary>What planned it (for example the appointment, its start and the lead time): unique with the recipient.</summary>
    public string SourceKey { get; set; } = "";

    /// <summary>The person the notice is about.</summary>
    public Guid SubjectId { get; set; }

    public Guid RecipientPersonId { get; set; }

    public Guid UnitId { get; set; }

    public Guid? AppointmentId { get; set; }

    /// <summary>The start the reminder was planned for; a different start at sending time drops it.</summary>
    public DateTime? AppointmentStart { get; set; }

    public bool ExemptFromParentalAccess { get; set; }

    public bool YouthService { get; set; }

    public bool Mandatory { get; set; }

    /// <summary>The channel it went (or goes) by; empty until the first attempt decides it from the preferences.</summary>
    public string Channel { get; set; } = "";

    /// <summary>The preferred channel failed for good and this one is the fallback.</summary>
    public bool FellBack { get; set; }

    /// <summary>One of NoticeStates.</summary>
    public string State { get; set; } = "";

    public string? DropReason { get; set; }

    public DateTime DueAt { get; set; }

    public DateTime NextAttemptAt { get; set; }

    /// <summary>After this it is dropped, not sent (a reminder after the appointment is noise).</summary>
    public DateTime SendBy { get; set; }

    public int Attempts { get; set; }

    public string? LockedBy { get; set; }

    public DateTime? LeaseUntil { get; set; }

    /// <summary>The W3C traceparent of the work that planned the notice; sending it continues that trace.</summary>
    public string? TraceParent { get; set; }

    public string? LastError { get; set; }

    public string? GatewayId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? SentAt { get; set; }

    public DateTime? DeliveredAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
