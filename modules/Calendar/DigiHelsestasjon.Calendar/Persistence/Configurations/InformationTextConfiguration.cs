using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.Calendar.Persistence.Configurations;

using DigiHelsestasjon.Calendar.Persistence.Entities;

internal sealed class InformationTextConfiguration : IEntityTypeConfiguration<InformationText>
{
    public void Configure(EntityTypeBuilder<InformationText> builder)
    {
        builder.ToTable("information_texts");
        builder.Property(x => x.Kommunenummer).HasMaxLength(4);
        builder.Property(x => x.Match).HasMaxLength(100);
        builder.Property(x => x.Text).HasMaxLength(2000);
        builder.Property(x => x.TextNynorsk).HasMaxLength(2000);
        builder.HasIndex(x => new { x.Kommunenummer, x.Match }).IsUnique();
    }
}
