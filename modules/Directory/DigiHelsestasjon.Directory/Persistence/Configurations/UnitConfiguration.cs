using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.Directory.Persistence.Configurations;

using DigiHelsestasjon.Directory.Persistence.Entities;

internal sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> builder)
    {
        builder.ToTable("units");
        builder.Property(x => x.Kommunenummer).HasMaxLength(4);
        builder.Property(x => x.Name).HasMaxLength(200);
        builder.Property(x => x.Type).HasMaxLength(32);
        builder.Property(x => x.HerId).HasMaxLength(20);
        builder.Property(x => x.Address).HasMaxLength(300);
        builder.Property(x => x.OpeningHours).HasMaxLength(300);
        builder.Property(x => x.ChatOpeningHours).HasMaxLength(2000);
        builder.Property(x => x.Phone).HasMaxLength(20);
        builder.Property(x => x.EpjVendor).HasMaxLength(32);
        builder.Property(x => x.EpjTransport).HasMaxLength(16);
        builder.Property(x => x.EpjEndpoint).HasMaxLength(500);
        builder.Property(x => x.EpjInstallationId).HasMaxLength(100);
        builder.Property(x => x.EpjEnvironment).HasMaxLength(16);
        builder.Property(x => x.EpjSecretName).HasMaxLength(100);
        builder.HasIndex(x => x.HerId).IsUnique();
        builder.HasIndex(x => x.Kommunenummer);
    }
}
