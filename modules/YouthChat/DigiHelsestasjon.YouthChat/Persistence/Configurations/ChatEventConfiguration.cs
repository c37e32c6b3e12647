using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.YouthChat.Persistence.Configurations;

using DigiHelsestasjon.YouthChat.Persistence.Entities;

internal sealed class ChatEventConfiguration : IEntityTypeConfiguration<ChatEvent>
{
    public void Configure(EntityTypeBuilder<ChatEvent> builder)
    {
        builder.ToTable("events");
        builder.HasKey(x => new { x.ConversationId, x.Seq });
        builder.Property(x => x.Kind).HasMaxLength(32);
        builder.Property(x => x.Author).HasMaxLength(16);
        builder.Property(x => x.ClientKey).HasMaxLength(100);
        builder.HasIndex(x => new { x.ConversationId, x.ClientKey }).IsUnique();
    }
}
