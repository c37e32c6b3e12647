using DigiHelsestasjon.BuildingBlocks.Contracts;

namespace DigiHelsestasjon.HealthRecords.Contracts;

/// <summary>A municipality's administrator wrote a note. Other modules may react to it (an integration event, through the outbox).</summary>
public sealed record NoteAdded(Guid NoteId, string Kommunenummer) : IntegrationEvent;
