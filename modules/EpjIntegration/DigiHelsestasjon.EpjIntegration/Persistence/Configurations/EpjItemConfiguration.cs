using DigiHelsestasjon.BuildingBlocks.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.EpjIntegration.Persistence.Configurations;

using DigiHelsestasjon.EpjIntegration.Persistence.Entities;

internal sealed class EpjItemConfiguration : IEntityTypeConfiguration<EpjItem>
{
    public void Configure(EntityTypeBuilder<EpjItem> builder)
    {
        builder.ToTable("items");
        builder.Property(i => i.Direction).HasMaxLength(8);
        builder.Property(i => i.TraceParent).HasMaxLength(OutboxTables.TraceParentLength);
        builder.Property(i => i.InstallationId).HasMaxLength(100);
        builder.Property(i => i.Kind).HasMaxLength(64);
        builder.Property(i => i.Kommunenummer).HasMaxLength(4);
        // The three levels are concurrency tokens: a receipt and an outcome for the same item can be handled at
        // once (a journal answers both within milliseconds), and the one that read the older state must not write
        // it back over the newer (a journaled item back to received). The loser's save fails and runs again.
        builder.Property(i => i.State).HasMaxLength(20).IsConcurrencyToken();
        builder.Property(i => i.ReceiptStatus).HasMaxLength(16).IsConcurrencyToken();
        builder.Property(i => i.Outcome).HasMaxLength(24).IsConcurrencyToken();
        builder.Property(i => i.DocumentReference).HasMaxLength(200);
        builder.Property(i => i.Reason).HasMaxLength(1000);
        builder.Property(i => i.ErrorCodes).HasMaxLength(200);
        builder.Property(i => i.LastError).HasMaxLength(2000);
        builder.Property(i => i.LockedBy).HasMaxLength(128);
        builder.HasIndex(i => new { i.Direction, i.InstallationId, i.MessageId }).IsUnique();
        builder.HasIndex(i => new { i.State, i.NextAttemptAt });
        builder.HasIndex(i => new { i.Kommunenummer, i.CreatedAt });
    }
}
