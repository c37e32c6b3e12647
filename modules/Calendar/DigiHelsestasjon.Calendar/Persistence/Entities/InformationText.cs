namespace DigiHelsestasjon.Calendar.Persistence.Entities;

/// <summary>A municipality's own text about a kind of appointment (see AppointmentInformationCatalog).</summary>
internal sealed class InformationText
{
    public Guid Id { get; set; }

    public string Kommunenummer { get; set; } = "";

    public string Match { get; set; } = "";

    /// <summary>Bokmål.</summary>
    public string Text { get; set; } = "";

    /// <summary>Nynorsk; null: a nynorsk reader gets the bokmål text.</summary>
    public string? TextNynorsk { get; set; }

    public DateTime UpdatedAt { get; set; }
}
