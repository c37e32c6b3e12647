using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.Messaging.Persistence.Configurations;

using DigiHelsestasjon.Messaging.Persistence.Entities;

internal sealed class MessageThreadConfiguration : IEntityTypeConfiguration<MessageThread>
{
    public void Configure(EntityTypeBuilder<MessageThread> builder)
    {
        builder.ToTable("threads");
        builder.Property(x => x.Topic).HasMaxLength(20);
        builder.Property(x => x.Subject).HasMaxLength(200);
        builder.Property(x => x.StartedBy).HasMaxLength(16);
        builder.HasIndex(x => new { x.PersonId, x.LastMessageAt });
        builder.HasIndex(x => x.UnitId);
    }
}
