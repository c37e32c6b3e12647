using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.EpjIntegration.Persistence.Configurations;

using DigiHelsestasjon.EpjIntegration.Persistence.Entities;

internal sealed class ConnectionAuditConfiguration : IEntityTypeConfiguration<ConnectionAudit>
{
    public void Configure(EntityTypeBuilder<ConnectionAudit> builder)
    {
        builder.ToTable("connection_audit");
        builder.Property(x => x.Kommunenummer).HasMaxLength(4);
        builder.Property(x => x.Action).HasMaxLength(32);
        builder.Property(x => x.Actor).HasMaxLength(100);
        builder.Property(x => x.Detail).HasMaxLength(1000);
        builder.HasIndex(x => new { x.Kommunenummer, x.At });
    }
}
