using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.Directory.Persistence.Configurations;

using DigiHelsestasjon.Directory.Persistence.Entities;

internal sealed class MunicipalityConfiguration : IEntityTypeConfiguration<Municipality>
{
    public void Configure(EntityTypeBuilder<Municipality> builder)
    {
        builder.ToTable("municipalities");
        builder.HasKey(x => x.Kommunenummer);
        builder.Property(x => x.Kommunenummer).HasMaxLength(4);
        builder.Property(x => x.Name).HasMaxLength(200);
    }
}
