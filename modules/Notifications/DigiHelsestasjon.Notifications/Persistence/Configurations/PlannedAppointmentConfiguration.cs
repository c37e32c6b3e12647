using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.Notifications.Persistence.Configurations;

using DigiHelsestasjon.Notifications.Persistence.Entities;

internal sealed class PlannedAppointmentConfiguration : IEntityTypeConfiguration<PlannedAppointment>
{
    public void Configure(EntityTypeBuilder<PlannedAppointment> builder)
    {
        builder.ToTable("appointments");
        builder.Property(x => x.Status).HasMaxLength(16);
    }
}
