using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.Calendar.Persistence.Configurations;

using DigiHelsestasjon.Calendar.Persistence.Entities;

internal sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public void Configure(EntityTypeBuilder<Appointment> builder)
    {
        builder.ToTable("appointments");
        builder.Property(x => x.EpjAppointmentId).HasMaxLength(100);
        builder.Property(x => x.Type).HasMaxLength(200);
        builder.Property(x => x.PractitionerRole).HasMaxLength(100);
        builder.Property(x => x.Location).HasMaxLength(300);
        builder.Property(x => x.Status).HasMaxLength(16);
        builder.Property(x => x.CancellationState).HasMaxLength(16);
        builder.Property(x => x.CancellationReason).HasMaxLength(500);
        builder.Property(x => x.CancellationDecisionReason).HasMaxLength(1000);
        builder.HasIndex(x => new { x.UnitId, x.EpjAppointmentId }).IsUnique();
        builder.HasIndex(x => new { x.PersonId, x.Start });
        builder.HasIndex(x => x.CancellationMessageId);
    }
}
