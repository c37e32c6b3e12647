using DigiHelsestasjon.BuildingBlocks.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.Notifications.Persistence.Configurations;

using DigiHelsestasjon.Notifications.Persistence.Entities;

internal sealed class NoticeConfiguration : IEntityTypeConfiguration<Notice>
{
    public void Configure(EntityTypeBuilder<Notice> builder)
    {
        builder.ToTable("notices");
        builder.Property(x => x.Kind).HasMaxLength(32);
        builder.Property(x => x.SourceKey).HasMaxLength(200);
        builder.Property(x => x.Channel).HasMaxLength(8);
        builder.Property(x => x.State).HasMaxLength(16);
        builder.Property(x => x.DropReason).HasMaxLength(64);
        builder.Property(x => x.LockedBy).HasMaxLength(128);
        builder.Property(x => x.LastError).HasMaxLength(2000);
        builder.Property(x => x.TraceParent).HasMaxLength(OutboxTables.TraceParentLength);
        builder.Property(x => x.GatewayId).HasMaxLength(100);
        builder.HasIndex(x => new { x.SourceKey, x.RecipientPersonId }).IsUnique();
        builder.HasIndex(x => new { x.State, x.NextAttemptAt });
        builder.HasIndex(x => x.AppointmentId);
        builder.HasIndex(x => x.GatewayId);
        builder.HasIndex(x => new { x.UnitId, x.CreatedAt });
    }
}
