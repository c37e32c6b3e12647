using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.Calendar.Persistence.Configurations;

using DigiHelsestasjon.Calendar.Persistence.Entities;

internal sealed class BookingConfiguration : IEntityTypeConfiguration<Booking>
{
    public void Configure(EntityTypeBuilder<Booking> builder)
    {
        builder.ToTable("bookings");
        builder.Property(x => x.ActorRelation).HasMaxLength(16);
        builder.Property(x => x.EpjSlotId).HasMaxLength(200);
        builder.Property(x => x.Kind).HasMaxLength(200);
        builder.Property(x => x.State).HasMaxLength(16);
        builder.Property(x => x.EpjAppointmentId).HasMaxLength(100);
        builder.Property(x => x.Reason).HasMaxLength(1000);
        builder.Property(x => x.Note).HasMaxLength(EpjSelfServiceKinds.MaxBookingNoteLength);
        builder.HasIndex(x => x.MessageId).IsUnique();
        builder.HasIndex(x => new { x.PersonId, x.CreatedAt });
        builder.Property(x => x.LockedBy).HasMaxLength(128);
        builder.HasIndex(x => x.ResumeAt);
    }
}
