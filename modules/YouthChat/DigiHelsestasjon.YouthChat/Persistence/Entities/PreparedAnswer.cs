namespace DigiHelsestasjon.YouthChat.Persistence.Entities;

/// <summary>A unit's prepared answer, for the nurses to insert.</summary>
internal sealed class PreparedAnswer
{
    public Guid Id { get; set; }

    public Guid UnitId { get; set; }

    public string Title { get; set; } = "";

    public string Text { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}
