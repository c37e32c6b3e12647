using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Testing;
using Microsoft.AspNetCore.Hosting;
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

    /// <summary>An issuer somewhere else, so authentication has something to trust; it is never called.</summary>
    public static readonly (string, string?)[] RealIssuer =
    [
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
        ["Simulators:Enabled"] = "true",
    };
}
