using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.YouthChat.Persistence.Configurations;

using DigiHelsestasjon.YouthChat.Persistence.Entities;

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.ToTable("conversations");
        builder.Property(x => x.Kommunenummer).HasMaxLength(4);
        builder.Property(x => x.TokenHash).HasMaxLength(64);
        builder.Property(x => x.State).HasMaxLength(16);
        builder.Property(x => x.NurseId).HasMaxLength(100);
        builder.Property(x => x.EndReason).HasMaxLength(32);
        builder.Property(x => x.LockedBy).HasMaxLength(128);
        builder.HasIndex(x => x.TokenHash).IsUnique();
        builder.HasIndex(x => new { x.UnitId, x.State, x.CreatedAt });
        builder.HasIndex(x => x.NextCheckAt);
    }
}
