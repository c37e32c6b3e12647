using MediatR;

namespace DigiHelsestasjon.BuildingBlocks.Contracts;

/// <summary>A fact one module publishes for others. Delivered at least once through the
/// outbox; consumers deduplicate on <see cref="EventId"/> through their inbox.</summary>
public interface IIntegrationEvent : INotification
{
    Guid EventId { get; }

    DateTimeOffset OccurredAt { get; }
}

/// <summary>Base record for integration events: a fresh id and the time it happened.</summary>
public abstract record IntegrationEvent : IIntegrationEvent
{
    public Guid EventId { get; init; } = Guid.NewGuid();

    public DateTimeOffset OccurredAt { get; init; } = DateTimeOffset.UtcNow;
}
