namespace DigiHelsestasjon.EpjIntegration.Persistence.Entities;

/// <summary>The newest version seen per journal appointment: an older one never overwrites it.</summary>
internal sealed class AppointmentVersion
{
    public string InstallationId { get; set; } = "";

    public string EpjAppointmentId { get; set; } = "";

    public long Version { get; set; }

    public DateTime UpdatedAt { get; set; }
}
