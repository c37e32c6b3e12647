using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.YouthChat.Persistence.Configurations;

using DigiHelsestasjon.YouthChat.Persistence.Entities;

internal sealed class ChatSignalConfiguration : IEntityTypeConfiguration<ChatSignal>
{
    public void Configure(EntityTypeBuilder<ChatSignal> builder)
    {
        builder.ToTable("signals");
        builder.Property(x => x.Id).ValueGeneratedOnAdd();
        builder.Property(x => x.Instance).HasMaxLength(32);
        builder.HasIndex(x => x.At);
    }
}
