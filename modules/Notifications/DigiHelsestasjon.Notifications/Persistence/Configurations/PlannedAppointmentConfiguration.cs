using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.Notifications.Persistence;

internal sealed class PlannedAppointmentConfiguration : IEntityTypeConfiguration<PlannedAppointment>
{
    public void Configure(EntityTypeBuilder<PlannedAppointment> builder)
    {
        builder.ToTable("appointments");
        builder.Property(x => x.Status).HasMaxLength(16);
    }
}
