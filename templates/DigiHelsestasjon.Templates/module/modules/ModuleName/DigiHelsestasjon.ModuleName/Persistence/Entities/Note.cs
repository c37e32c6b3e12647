namespace DigiHelsestasjon.ModuleName.Persistence.Entities;

internal sealed class Note
{
    public Guid Id { get; set; }

    public string Kommunenummer { get; set; } = "";

    public string Text { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}
