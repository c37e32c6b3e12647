namespace DigiHelsestasjon.YouthChat.Persistence.Entities;

/// <summary>A nurse seen at a unit's queue lately: the colleagues a conversation can be transferred to.</summary>
internal sealed class NurseOnDuty
{
    public string NurseId { get; set; } = "";

    public Guid UnitId { get; set; }

    public DateTime SeenAt { get; set; }
}
