namespace DigiHelsestasjon.Notifications.Persistence.Entities;

/// <summary>An appointment as Calendar last told it: what a reminder is checked against just before it goes.</summary>
internal sealed class PlannedAppointment
{
    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    public Guid UnitId { get; set; }

    public DateTime Start { get; set; }

    /// <summary>booked or cancelled.</summary>
    public string Status { get; set; } = "booked";

    public bool ExemptFromParentalAccess { get; set; }

    public bool YouthService { get; set; }

    public DateTime UpdatedAt { get; set; }
}
