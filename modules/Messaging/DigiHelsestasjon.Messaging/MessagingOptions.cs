namespace DigiHelsestasjon.Messaging;

/// <summary><c>Modules:Messaging:*</c>.</summary>
public sealed class MessagingOptions
{
    /// <summary>The longest message text, in characters.</summary>
    public int MaxBodyLength { get; set; } = 10_000;

    /// <summary>The longest thread subject, in characters.</summary>
    public int MaxSubjectLength { get; set; } = 200;

    /// <summary>The largest attachment the platform takes at all; the unit's journal may take less.</summary>
    public long MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>"database" (the bytes in PostgreSQL) or "files" (a folder); empty: files on SQLite, database on PostgreSQL.</summary>
    public string AttachmentStore { get; set; } = "";

    /// <summary>The folder of the file store; empty: <c>attachments</c> beside the SQLite database.</summary>
    public string AttachmentFolder { get; set; } = "";
}
