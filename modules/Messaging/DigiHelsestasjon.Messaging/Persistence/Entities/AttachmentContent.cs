namespace DigiHelsestasjon.Messaging.Persistence.Entities;

/// <summary>The bytes of an attachment, for the database store (PostgreSQL).</summary>
internal sealed class AttachmentContent
{
    public Guid Id { get; set; }

    public byte[] Content { get; set; } = [];
}
