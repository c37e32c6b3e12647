using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.BuildingBlocks.Outbox;

/// <summary>An integration event waiting to be published, in the same database transaction as
/// the state change that raised it.</summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }

    /// <summary>"Full.Type.Name, Assembly" of the event record.</summary>
    public string Type { get; set; } = "";

    public string Payload { get; set; } = "";

    public DateTime OccurredAt { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    public string? LockedBy { get; set; }

    public DateTime? LockedUntil { get; set; }

    public DateTime? ProcessedAt { get; set; }

    public DateTime? DeadLetteredAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>The W3C traceparent of the request that raised the event: its trace goes on when the event is published.</summary>
    public string? TraceParent { get; set; }

    /// <summary>The outbox row for an event added at <paramref name="now"/> (the platform's clock): due at once,
    /// and stamped with that time unless the event carries its own.</summary>
    public static OutboxMessage From(IIntegrationEvent integrationEvent, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        if (integrationEvent.OccurredAt == default && integrationEvent is IntegrationEvent stampable)
        {
            integrationEvent = stampable.At(now);
        }

        var type = integrationEvent.GetType();
        return new OutboxMessage
        {
            Id = integrationEvent.EventId,
            Type = IntegrationEventTypes.NameOf(type),
            Payload = JsonSerializer.Serialize(integrationEvent, type, IntegrationEventTypes.Json),
            OccurredAt = (integrationEvent.OccurredAt == default ? now : integrationEvent.OccurredAt).UtcDateTime,
            NextAttemptAt = now.UtcDateTime,
            TraceParent = Telemetry.PlatformTelemetry.CurrentTraceParent(),
        };
    }
}

/// <summary>What a consumer has handled: a redelivered event is skipped.</summary>
public sealed class InboxMessage
{
    public Guid EventId { get; set; }

    public string Consumer { get; set; } = "";

    public DateTime HandledAt { get; set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable(OutboxTables.Outbox);
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(m => m.Type).HasColumnName("type").HasMaxLength(512);
        builder.Property(m => m.Payload).HasColumnName("payload");
        builder.Property(m => m.OccurredAt).HasColumnName("occurred_at");
        builder.Property(m => m.NextAttemptAt).HasColumnName("next_attempt_at");
        builder.Property(m => m.Attempts).HasColumnName("attempts");
        builder.Property(m => m.LockedBy).HasColumnName("locked_by").HasMaxLength(128);
        builder.Property(m => m.LockedUntil).HasColumnName("locked_until");
        builder.Property(m => m.ProcessedAt).HasColumnName("processed_at");
        builder.Property(m => m.DeadLetteredAt).HasColumnName("dead_lettered_at");
        builder.Property(m => m.LastError).HasColumnName("last_error").HasMaxLength(2000);
        builder.Property(m => m.TraceParent).HasColumnName("trace_parent").HasMaxLength(OutboxTables.TraceParentLength);
        builder.HasIndex(m => m.NextAttemptAt).HasFilter(OutboxTables.PendingFilter);
    }
}

internal sealed class InboxMessageConfiguration : IEntityTypeConfiguration<InboxMessage>
{
    public void Configure(EntityTypeBuilder<InboxMessage> builder)
    {
        builder.ToTable(OutboxTables.Inbox);
        builder.HasKey(m => new { m.EventId, m.Consumer });
        builder.Property(m => m.EventId).HasColumnName("event_id");
        builder.Property(m => m.Consumer).HasColumnName("consumer").HasMaxLength(256);
        builder.Property(m => m.HandledAt).HasColumnName("handled_at");
    }
}
