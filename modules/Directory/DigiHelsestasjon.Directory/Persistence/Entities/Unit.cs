using DigiHelsestasjon.Directory.Contracts;

namespace DigiHelsestasjon.Directory.Persistence.Entities;

internal sealed class Unit
{
    public Guid Id { get; set; }

    public string Kommunenummer { get; set; } = "";

    public string Name { get; set; } = "";

    public string Type { get; set; } = "";

    public string HerId { get; set; } = "";

    public string Address { get; set; } = "";

    public string OpeningHours { get; set; } = "";

    /// <summary>The unit's phone number as people dial it (<c>+47 22 00 00 00</c>); null when none is given.</summary>
    public string? Phone { get; set; }

    /// <summary>The unit's own youth-chat hours as JSON; null: the municipality's.</summary>
    public string? ChatOpeningHours { get; set; }

    public string? EpjVendor { get; set; }

    public string? EpjTransport { get; set; }

    public string? EpjEndpoint { get; set; }

    public string? EpjInstallationId { get; set; }

    /// <summary>test or production.</summary>
    public string? EpjEnvironment { get; set; }

    public string? EpjSecretName { get; set; }

    public UnitInfo ToInfo() => new(Id, Kommunenummer, Name, Type, HerId, Address, OpeningHours,
        EpjVendor is null ? null : new EpjConnection(EpjVendor, EpjTransport ?? "in-process", EpjEndpoint, EpjInstallationId ?? "", EpjEnvironment ?? EpjEnvironments.Production, EpjSecretName));

    public void Connect(EpjConnection? connection)
    {
        (EpjVendor, EpjTransport, EpjEndpoint, EpjInstallationId) = (connection?.Vendor, connection?.Transport, connection?.Endpoint, connection?.InstallationId);
        (EpjEnvironment, EpjSecretName) = (connection?.Environment, connection?.SecretName);
    }
}
