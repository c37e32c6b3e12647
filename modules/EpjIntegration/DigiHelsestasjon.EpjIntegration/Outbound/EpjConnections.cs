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
    private readonly ConcurrentDictionary<EpjConnection, Lazy<Task<EpjCapabilities>>> capabilities = new();

    /// <summary>The longest one shared handshake may take before it counts as failed (and is asked again next time).</summary>
    public static readonly TimeSpan HandshakeLimit = TimeSpan.FromSeconds(30);

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
    /// forgotten as it fails, so the next caller asks again; a caller that stops waiting (its own time limit) leaves the
    /// handshake running for the others, rather than dropping it and starting a second one.</summary>
    public Task<EpjCapabilities> CapabilitiesAsync(EpjConnection connection, CancellationToken cancellationToken) =>
        capabilities.GetOrAdd(connection, NewHandshake).Value.WaitAsync(cancellationToken);

    /// <summary>Lazy: GetOrAdd may run its factory on two threads at once; only the stored entry's handshake is ever started.
    /// A handshake that never ends (an in-process connector that hangs) fails after <see cref="HandshakeLimit"/> and is
    /// forgotten like any failure.</summary>
    private Lazy<Task<EpjCapabilities>> NewHandshake(EpjConnection connection)
    {
        Lazy<Task<EpjCapabilities>>? entry = null;
        entry = new Lazy<Task<EpjCapabilities>>(() =>
        {
            Task<EpjCapabilities> handshake;
            try
            {
                handshake = Create(connection).GetCapabilitiesAsync(CancellationToken.None).WaitAsync(HandshakeLimit);
            }
            catch (Exception exception)
            {
                // Thrown before the connector returned a task: a failed handshake like any other (a Lazy would keep the exception).
                handshake = Task.FromException<EpjCapabilities>(exception);
            }

            // Only this entry: a newer one another caller started since stays. Synchronously, so a handshake that failed at
            // once is gone before any later caller can find it.
            _ = handshake.ContinueWith(
                _ => Forget(connection, entry!), CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return handshake;
        });
        return entry;
    }

    private void Forget(EpjConnection connection, Lazy<Task<EpjCapabilities>> entry) =>
        capabilities.TryRemove(new KeyValuePair<EpjConnection, Lazy<Task<EpjCapabilities>>>(connection, entry));
}
