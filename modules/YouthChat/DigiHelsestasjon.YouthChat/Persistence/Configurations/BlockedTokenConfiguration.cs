using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.YouthChat.Persistence.Configurations;

using DigiHelsestasjon.YouthChat.Persistence.Entities;

internal sealed class BlockedTokenConfiguration : IEntityTypeConfiguration<BlockedToken>
{
    public void Configure(EntityTypeBuilder<BlockedToken> builder)
    {
        builder.ToTable("blocked_tokens");
        builder.HasKey(x => x.TokenHash);
        builder.Property(x => x.TokenHash).HasMaxLength(64);
    }
}
