using System.Collections.Concurrent;
using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.Epj.Sdk.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.EpjIntegration.Outbound;

/// <summary>The installations' shared secrets: <c>Epj:Installations:{id}:SharedSecret</c> in configuration
/// (user secrets, environment, a vault provider), plus any registered in code (the simulators' demo installations).</summary>
public sealed class EpjInstallations(IConfiguration configuration)
{
    private readonly ConcurrentDictionary<string, string> registered = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> secretNames = new(StringComparer.Ordinal);

    public void Register(string installationId, string sharedSecret) => registered[installationId] = sharedSecret;

    /// <summary>The installation's secret is <c>Epj:Secrets:{secretName}</c> (a connection made through the onboarding API).</summary>
    public void UseSecretName(string installationId, string secretName) => secretNames[installationId] = secretName;

    public static string SecretKey(string secretName) => $"Epj:Secrets:{secretName}";

    public string? SecretOf(string installationId) =>
        registered.TryGetValue(installationId, out var secret) ? secret
        : secretNames.TryGetValue(installationId, out var name) && configuration[SecretKey(name)] is { Length: > 0 } named ? named
        : configuration[$"Epj:Installations:{installationId}:SharedSecret"];

    public EpjInstallationCredentials Credentials(string installationId) => new()
    {
        InstallationId = installationId,
        SharedSecret = SecretOf(installationId) ?? throw new InvalidOperationException($"No shared secret is configured for EPJ installation '{installationId}' (Epj:Installations:{installationId}:SharedSecret)."),
    };
}

/// <summary>Creates the connector for a unit's connection: a connector registered in the host under the
/// vendor's name (in-process) or the SDK's HTTP client. Capabilities are asked once per connection.</summary>
public sealed class EpjConnectorFactory(IServiceProvider services, IHttpClientFactory httpClients, EpjInstallations installations, TimeProvider time)
{
    public const string HttpClientName = "epj";
    private readonly ConcurrentDictionary<EpjConnection, Task<EpjCapabilities>> capabilities = new();

    public IEpjConnector Create(EpjConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.Transport == "http")
        {
            var http = httpClients.CreateClient(HttpClientName);
            http.BaseAddress = new Uri(connection.Endpoint!.EndsWith('/') ? connection.Endpoint : connection.Endpoint + "/");
            return new HttpEpjConnector(http, installations.Credentials(connection.InstallationId), () => time.GetUtcNow());
        }

        if (connection.Transport == National.NationalTransportNames.Amqp)
        {
            // The endpoint is the journal's HER-id on the national bus.
            return new National.AmqpEpjConnector(
                services.GetRequiredService<National.NationalTransport>(), services.GetRequiredService<National.NationalJournals>(), connection.Endpoint ?? "", time,
                services.GetKeyedService<IEpjConnector>(connection.Vendor));
        }

        return services.GetKeyedService<IEpjConnector>(connection.Vendor)
            ?? throw new InvalidOperationException($"No in-process EPJ connector is registered for '{connection.Vendor}'.");
    }

    /// <summary>The connection's declared capabilities; a failed handshake is asked again next time.</summary>
    public async Task<EpjCapabilities> CapabilitiesAsync(EpjConnection connection, CancellationToken cancellationToken)
    {
        var task = capabilities.GetOrAdd(connection, c => Create(c).GetCapabilitiesAsync(CancellationToken.None));
        try
        {
            return await task.WaitAsync(cancellationToken);
        }
        catch
        {
            capabilities.TryRemove(connection, out _);
            throw;
        }
    }
}
