using MediatR;

namespace DigiHelsestasjon.BuildingBlocks.Contracts;

/// <summary>A fact one module publishes for others. Delivered at least once through the
/// outbox; consumers deduplicate on <see cref="EventId"/> through their inbox.</summary>
public interface IIntegrationEvent : INotification
{
    Guid EventId { get; }

    /// <summary>When it happened, on the platform's clock. Left unset, the outbox stamps it when the
    /// event is added (never the wall clock: tests and operators move the platform's clock).</summary>
    DateTimeOffset OccurredAt { get; }
}

/// <summary>Base record for integration events: a fresh id; the time is stamped by the outbox.</summary>
public abstract record IntegrationEvent : IIntegrationEvent
{
    public Guid EventId { get; init; } = Guid.NewGuid();

    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>The same event (same id) happening at <paramref name="occurredAt"/>.</summary>
    public IntegrationEvent At(DateTimeOffset occurredAt) => this with { OccurredAt = occurredAt };
}
