namespace DigiHelsestasjon.Calendar.Persistence.Entities;

/// <summary>A kind of appointment a unit opens to self-booking (the municipality's policy per unit and kind).</summary>
internal sealed class SelfBookingKind
{
    public Guid Id { get; set; }

    public Guid UnitId { get; set; }

    public string Kommunenummer { get; set; } = "";

    public string Kind { get; set; } = "";

    public DateTime UpdatedAt { get; set; }
}
