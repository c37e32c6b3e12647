using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.Messaging.Persistence.Configurations;

using DigiHelsestasjon.Messaging.Persistence.Entities;

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.ToTable("messages");
        builder.Property(x => x.Direction).HasMaxLength(16);
        builder.Property(x => x.AuthorRelation).HasMaxLength(16);
        builder.Property(x => x.AuthorName).HasMaxLength(200);
        builder.Property(x => x.DeliveryState).HasMaxLength(16);
        builder.Property(x => x.FailureReason).HasMaxLength(1000);
        builder.HasIndex(x => new { x.ThreadId, x.SentAt });
        builder.HasIndex(x => new { x.EpjMessageId, x.UnitId }).IsUnique();
        builder.HasIndex(x => new { x.UnitId, x.SentAt });
    }
}
