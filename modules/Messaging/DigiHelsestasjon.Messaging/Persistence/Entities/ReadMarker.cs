namespace DigiHelsestasjon.Messaging.Persistence.Entities;

/// <summary>How far one reader has read one thread.</summary>
internal sealed class ReadMarker
{
    public Guid ThreadId { get; set; }

    public Guid ReaderPersonId { get; set; }

    public DateTime ReadUpTo { get; set; }
}
