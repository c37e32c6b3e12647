namespace DigiHelsestasjon.YouthChat.Persistence.Entities;

/// <summary>"This conversation or queue changed", for the other instances where the database has no LISTEN/NOTIFY (SQL
/// Server): written after the change is committed, polled by every instance, removed after a few minutes.</summary>
internal sealed class ChatSignal
{
    public long Id { get; set; }

    /// <summary>The instance that wrote it, which does not wake its own streams twice.</summary>
    public string Instance { get; set; } = "";

    /// <summary>The conversation or unit whose streams should read again.</summary>
    public Guid Key { get; set; }

    public DateTime At { get; set; }
}
