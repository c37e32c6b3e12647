namespace DigiHelsestasjon.Calendar.Persistence.Entities;

/// <summary>An appointment as the EPJ last published it, plus the citizen's cancellation.</summary>
internal sealed class Appointment
{
    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    public Guid UnitId { get; set; }

    public string EpjAppointmentId { get; set; } = "";

    public long Version { get; set; }

    public DateTime Start { get; set; }

    public DateTime End { get; set; }

    public string Type { get; set; } = "";

    public string PractitionerRole { get; set; } = "";

    public string Location { get; set; } = "";

    /// <summary>A video appointment: no address to go to.</summary>
    public bool IsVideo { get; set; }

    public bool ExemptFromParentalAccess { get; set; }

    /// <summary>With the youth clinic (HFU): the youth's own contact, never shown to parents from 12.</summary>
    public bool YouthService { get; set; }

    /// <summary>booked, cancelled, attended, noShow.</summary>
    public string Status { get; set; } = "booked";

    /// <summary>null, requested, accepted or refused.</summary>
    public string? CancellationState { get; set; }

    public string? CancellationReason { get; set; }

    public string? CancellationDecisionReason { get; set; }

    public Guid? CancellationMessageId { get; set; }

    public DateTime? CancellationRequestedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
