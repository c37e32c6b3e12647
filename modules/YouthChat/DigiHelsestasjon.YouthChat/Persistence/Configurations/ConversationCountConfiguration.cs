using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.YouthChat.Persistence.Configurations;

using DigiHelsestasjon.YouthChat.Persistence.Entities;

internal sealed class ConversationCountConfiguration : IEntityTypeConfiguration<ConversationCount>
{
    public void Configure(EntityTypeBuilder<ConversationCount> builder)
    {
        builder.ToTable("conversation_counts");
        builder.Property(x => x.Kommunenummer).HasMaxLength(4);
        builder.Property(x => x.EndReason).HasMaxLength(32);
        builder.HasIndex(x => new { x.Kommunenummer, x.Day });
    }
}
