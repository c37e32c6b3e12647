namespace DigiHelsestasjon.Notifications.Persistence.Entities;

/// <summary>A person's choices: channel, language, reminders. Notices of messages are sent whatever they say.</summary>
internal sealed class Preference
{
    public Guid PersonId { get; set; }

    public string Channel { get; set; } = "sms";

    /// <summary>nb (bokmål) or nn (nynorsk).</summary>
    public string Language { get; set; } = "nb";

    public bool Reminders { get; set; } = true;

    public DateTime UpdatedAt { get; set; }
}
