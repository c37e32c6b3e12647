using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.Identity.Persistence.Configurations;

using DigiHelsestasjon.Identity.Persistence.Entities;

internal sealed class AccessLogEntryConfiguration : IEntityTypeConfiguration<AccessLogEntry>
{
    public void Configure(EntityTypeBuilder<AccessLogEntry> builder)
    {
        builder.ToTable("access_log");
        builder.Property(e => e.ActorName).HasMaxLength(200);
        builder.Property(e => e.Relation).HasMaxLength(32);
        builder.Property(e => e.Action).HasMaxLength(100);
        builder.Property(e => e.Purpose).HasMaxLength(200);
        builder.Property(e => e.Outcome).HasMaxLength(16);
        builder.Property(e => e.System).HasMaxLength(64);
        builder.HasIndex(e => new { e.SubjectId, e.Time });
    }
}
