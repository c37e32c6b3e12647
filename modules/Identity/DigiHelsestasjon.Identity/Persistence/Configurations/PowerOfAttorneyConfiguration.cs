using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.Identity.Persistence.Configurations;

using DigiHelsestasjon.Identity.Persistence.Entities;

internal sealed class PowerOfAttorneyConfiguration : IEntityTypeConfiguration<PowerOfAttorney>
{
    public void Configure(EntityTypeBuilder<PowerOfAttorney> builder)
    {
        builder.ToTable("powers_of_attorney");
        builder.Property(f => f.Scopes).HasMaxLength(500);
        builder.HasIndex(f => f.GiverId);
        builder.HasIndex(f => f.ReceiverId);
    }
}
