namespace DigiHelsestasjon.Messaging.Persistence.Entities;

/// <summary>A file in a thread. The bytes are in the attachment store, not in this row.</summary>
internal sealed class Attachment
{
    public Guid Id { get; set; }

    public Guid ThreadId { get; set; }

    public Guid PersonId { get; set; }

    /// <summary>Null until a message refers to it.</summary>
    public Guid? MessageId { get; set; }

    /// <summary>Who uploaded it; null when it came from the health service.</summary>
    public Guid? UploadedByPersonId { get; set; }

    public string FileName { get; set; } = "";

    /// <summary>The type the content proved to be (magic bytes), not the type the client claimed.</summary>
    public string ContentType { get; set; } = "";

    public long Size { get; set; }

    /// <summary>SHA-256 of the bytes, hex: what the idempotency check compares.</summary>
    public string Sha256 { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}
