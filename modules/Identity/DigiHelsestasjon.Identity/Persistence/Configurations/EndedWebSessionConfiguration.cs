using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.Identity.Persistence.Configurations;

using DigiHelsestasjon.Identity.Persistence.Entities;

internal sealed class EndedWebSessionConfiguration : IEntityTypeConfiguration<EndedWebSession>
{
    public void Configure(EntityTypeBuilder<EndedWebSession> builder)
    {
        builder.ToTable("ended_web_sessions");
        builder.Property(s => s.Id).HasMaxLength(64);
        builder.HasIndex(s => s.ExpiresAt);
    }
}
