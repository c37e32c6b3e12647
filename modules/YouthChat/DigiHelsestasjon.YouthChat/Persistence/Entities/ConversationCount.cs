namespace DigiHelsestasjon.YouthChat.Persistence.Entities;

/// <summary>What the municipality's figures keep of an ended conversation: no content, no token, no id that leads back to it.</summary>
internal sealed class ConversationCount
{
    public Guid Id { get; set; }

    public Guid UnitId { get; set; }

    public string Kommunenummer { get; set; } = "";

    /// <summary>The day it started (UTC date): no finer, so a count cannot be matched with a person's visit.</summary>
    public DateTime Day { get; set; }

    /// <summary>Seconds until a nurse took it; null: no nurse did.</summary>
    public int? WaitSeconds { get; set; }

    public bool HandedOver { get; set; }

    public string EndReason { get; set; } = "";
}
