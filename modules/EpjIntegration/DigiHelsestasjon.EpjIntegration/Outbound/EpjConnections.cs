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
            return new HttpEpjConnector(http, installations.Credentials(connection.InstallationId), time);
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

    /// <summary>The connection's declared capabilities, asked once and shared by every caller. A failed handshake is
    /// forgotten, so the next caller asks again; a caller that stops waiting (its own time limit) leaves the handshake
    /// running for the others, rather than dropping it and starting a second one.</summary>
    public Task<EpjCapabilities> CapabilitiesAsync(EpjConnection connection, CancellationToken cancellationToken)
    {
        Task<EpjCapabilities>? asked = null;
        var handshake = capabilities.GetOrAdd(connection, c => asked = Handshake(c));
        if (Failed(handshake) && handshake != asked)
        {
            // An earlier failure whose removal has not run yet: a failure is never shared, this caller asks anew.
            Forget(connection, handshake);
            handshake = capabilities.GetOrAdd(connection, c => asked = Handshake(c));
        }

        if (Failed(handshake))
        {
            // Failed before it was stored (a connector that throws at once): its removal found nothing to remove.
            Forget(connection, handshake);
        }

        return handshake.WaitAsync(cancellationToken);
    }

    private static bool Failed(Task task) => task.IsFaulted || task.IsCanceled;

    private void Forget(EpjConnection connection, Task<EpjCapabilities> handshake) =>
        capabilities.TryRemove(new KeyValuePair<EpjConnection, Task<EpjCapabilities>>(connection, handshake));

    private Task<EpjCapabilities> Handshake(EpjConnection connection)
    {
        var handshake = Create(connection).GetCapabilitiesAsync(CancellationToken.None);

        // Only this handshake's own entry: a newer one another caller started since stays.
        _ = handshake.ContinueWith(
            failed => Forget(connection, failed), CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return handshake;
    }
}
