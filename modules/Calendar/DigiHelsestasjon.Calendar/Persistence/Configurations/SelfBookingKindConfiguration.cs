using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.Calendar.Persistence.Configurations;

using DigiHelsestasjon.Calendar.Persistence.Entities;

internal sealed class SelfBookingKindConfiguration : IEntityTypeConfiguration<SelfBookingKind>
{
    public void Configure(EntityTypeBuilder<SelfBookingKind> builder)
    {
        builder.ToTable("self_booking_kinds");
        builder.Property(x => x.Kommunenummer).HasMaxLength(4);
        builder.Property(x => x.Kind).HasMaxLength(200);
        builder.HasIndex(x => new { x.UnitId, x.Kind }).IsUnique();
        builder.HasIndex(x => x.Kommunenummer);
    }
}
