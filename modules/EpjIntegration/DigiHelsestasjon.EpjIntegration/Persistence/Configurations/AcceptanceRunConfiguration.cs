using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.EpjIntegration.Persistence.Configurations;

using DigiHelsestasjon.EpjIntegration.Persistence.Entities;

internal sealed class AcceptanceRunConfiguration : IEntityTypeConfiguration<AcceptanceRun>
{
    public void Configure(EntityTypeBuilder<AcceptanceRun> builder)
    {
        builder.ToTable("acceptance_runs");
        builder.Property(x => x.Kommunenummer).HasMaxLength(4);
        builder.Property(x => x.RunBy).HasMaxLength(100);
        builder.Property(x => x.Installations).HasMaxLength(1000);
        builder.HasIndex(x => new { x.Kommunenummer, x.StartedAt });
    }
}
