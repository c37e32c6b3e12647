using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DigiHelsestasjon.EpjIntegration.Persistence.Configurations;

using DigiHelsestasjon.EpjIntegration.Persistence.Entities;

internal sealed class AppointmentVersionConfiguration : IEntityTypeConfiguration<AppointmentVersion>
{
    public void Configure(EntityTypeBuilder<AppointmentVersion> builder)
    {
        builder.ToTable("appointment_versions");
        builder.HasKey(v => new { v.InstallationId, v.EpjAppointmentId });
        builder.Property(v => v.InstallationId).HasMaxLength(100);
        builder.Property(v => v.EpjAppointmentId).HasMaxLength(100);
    }
}
