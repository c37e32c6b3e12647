using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>A host started by hand in some environment, for start-up checks the shared fixtures cannot make.</summary>
internal static class HostIn
{
    public static WebApplicationFactory<Program> Environment(string environment, TestDatabase database, params (string Key, string? Value)[] settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("Database:Provider", database.Provider.ToString());
            builder.UseSetting("Database:ConnectionString", database.ConnectionString);
            builder.UseSetting("Simulators:DataFolder", Path.Combine(Path.GetTempPath(), "digihelsestasjon-tests", "keys"));
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });

    /// <summary>What Production needs besides an issuer: its host names and public address.</summary>
    public static readonly (string, string?)[] ProductionAddresses =
    [
        ("AllowedHosts", "helsestasjon.example.no;localhost"),
        ("PublicBaseUrl", "https://helsestasjon.example.no"),
    ];

    /// <summary>An issuer somewhere else, so authentication has something to trust; it is never called.</summary>
    public static readonly (string, string?)[] RealIssuer =
    [
        .. ProductionAddresses,
        ("Authentication:Issuers:idporten:Issuer", "https://idporten.example.invalid"),
        ("Authentication:Issuers:idporten:Kind", "Citizen"),
    ];
}

/// <summary>The whole host (simulators switched on explicitly) in an environment that is neither Development nor Testing.</summary>
public sealed class StagingHost : PlatformHost
{
    public StagingHost()
        : base(DatabaseProvider.Sqlite)
    {
    }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["environment"] = "Staging",
        ["Demo:Enabled"] = "true",
        ["PublicBaseUrl"] = "https://helsestasjon.example.no",
    };
}

/// <summary>The whole host with low rate limits. Requests carrying <c>X-Test-Client-Ip</c> come from that
/// address, so each test is a client of its own (the in-memory server has no remote address).</summary>
public sealed class LimitedHost : PlatformHost
{
    public const string ClientIpHeader = "X-Test-Client-Ip";

    public LimitedHost()
        : base(DatabaseProvider.Sqlite)
    {
    }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:Anonymous:PermitLimit"] = "3",
        ["RateLimiting:Anonymous:Window"] = "01:00:00",
        ["RateLimiting:Subject:PermitLimit"] = "4",
        ["RateLimiting:Subject:Window"] = "01:00:00",
        ["RateLimiting:EpjInbound:PermitLimit"] = "2",
        ["RateLimiting:EpjInbound:Window"] = "01:00:00",
        ["RateLimiting:PowerOfAttorneyGrants:PermitLimit"] = "2",
    };

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<IStartupFilter, ClientIpFromHeader>();

    public HttpClient CreateClient(string ip)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(ClientIpHeader, ip);
        return client;
    }

    private sealed class ClientIpFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(ClientIpHeader, out var ip))
                {
                    context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(ip.ToString());
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>The whole host as a server runs it: journal connections may not point at loopback (<c>Epj:AllowLocalJournalAddresses</c> off).</summary>
public sealed class StrictJournalAddressesHost : PlatformHost
{
    public StrictJournalAddressesHost()
        : base(DatabaseProvider.Sqlite)
    {
    }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Epj:AllowLocalJournalAddresses"] = "false",
        ["Epj:Secrets:probe"] = "a-shared-secret-for-the-address-test-only",
    };
}
