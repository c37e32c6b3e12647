namespace DigiHelsestasjon.Calendar.Persistence.Entities;

/// <summary>A citizen's reservation of a free slot, followed through the journal's answer. Booked only when the journal
/// confirms; the appointment itself arrives as the journal publishes it.</summary>
internal sealed class Booking
{
    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    public Guid ActorPersonId { get; set; }

    /// <summary>self, parent or fullmakt: as the journal records who booked.</summary>
    public string ActorRelation { get; set; } = "";

    public Guid UnitId { get; set; }

    public string EpjSlotId { get; set; } = "";

    public string Kind { get; set; } = "";

    public DateTime Start { get; set; }

    public DateTime End { get; set; }

    /// <summary>requested, confirmed or refused.</summary>
    public string State { get; set; } = "requested";

    /// <summary>The reservation's id to the journal (its delivery item), stable across retries.</summary>
    public Guid MessageId { get; set; }

    public string? EpjAppointmentId { get; set; }

    /// <summary>Rebooking: the appointment to cancel once this one is confirmed.</summary>
    public Guid? ReplacesAppointmentId { get; set; }

    public string? Reason { get; set; }

    /// <summary>What the appointment is about, as the booker wrote it ("hva gjelder det"); sent to the journal with the
    /// reservation, never shown back (a parent listing bookings must not read a youth's words), and cleared once the
    /// journal has answered (confirmed or refused): the journal holds it then.</summary>
    public string? Note { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>When to take the booking up again if the request that made it stopped before the journal's answer was
    /// applied (<see cref="Features.SelfBooking.BookingResumeQueue"/>); null once it was.</summary>
    public DateTime? ResumeAt { get; set; }

    public string? LockedBy { get; set; }

    public DateTime? LeaseUntil { get; set; }
}
