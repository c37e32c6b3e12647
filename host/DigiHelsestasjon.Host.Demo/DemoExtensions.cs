using DigiHelsestasjon.Simulators.Folkeregisteret;
using DigiHelsestasjon.Simulators.IdentityProviders;
using DigiHelsestasjon.Simulators.Sysvak;
using DigiHelsestasjon.HealthRecords;
using DigiHelsestasjon.Identity;

namespace DigiHelsestasjon.Host.Demo;

/// <summary>The demo in a host: the simulators run in-process under /simulators and answer the modules' ports, the demo
/// municipalities and families are provisioned at start-up, and the settings they need are filled in. Their issuers sign a
/// token for any fødselsnummer and their journals use published secrets, so the host adds the demo only in Development and
/// Testing or when <c>Demo:Enabled</c> says so, and Production refuses it. With <c>Simulators:HostUrl</c> the simulators are the
/// simulators host's (hosts behind a load balancer share one set): each port then goes over HTTP and none runs here.</summary>
public static class DemoExtensions
{
    private static readonly (string Name, IssuerKind Kind)[] Issuers = [("idporten", IssuerKind.Citizen), ("feide", IssuerKind.Pupil), ("helseid", IssuerKind.Staff)];

    /// <summary>Before the platform is added: the platform reads the settings this fills in (its trusted issuers) while it
    /// is added, and a module's own fallback for a port gives way to an adapter registered before it.</summary>
    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        DemoSettings.FillIn(configuration, Issuers.Select(i => (i.Name, i.Kind.ToString())));

        var services = builder.Services;
        var keyFolder = DemoSettings.KeyFolder(configuration);
        var audience = configuration["Authentication:Audience"] ?? "digihelsestasjon";
        var baseUrl = DemoSettings.BaseUrl(configuration);
        var inProcess = DemoSettings.SimulatorsHost(configuration) is null;

        // The register's data set is seeded and the same in every process: the demo's seeding and journals read it even
        // when the platform asks the simulators host's register (Identity:PopulationRegister:BaseUrl).
        services.AddSingleton(sp => new PopulationRegister(sp.GetRequiredService<TimeProvider>()));
        if (!Remote(configuration, "Identity:PopulationRegister:BaseUrl"))
        {
            services.AddSingleton<IPopulationRegister, SimulatedPopulationRegister>();
        }

        if (inProcess)
        {
            foreach (var (name, kind) in Issuers)
            {
                services.AddKeyedSingleton(name, (_, _) => new SimulatedIssuer(name, kind, baseUrl, keyFolder, audience));
            }
        }

        services.AddEpjSimulators(inProcess);
        services.AddNotificationSimulators(configuration);
        if (!Remote(configuration, "HealthRecords:Sysvak:BaseUrl"))
        {
            services.AddSingleton(sp => new SysvakRegister(sp.GetRequiredService<TimeProvider>()) { HomeOf = DemoHomes.Of(sp.GetRequiredService<PopulationRegister>()) });
            services.AddSingleton<IVaccinationRegister, SimulatedVaccinationRegister>();
        }

        return builder;
    }

    /// <summary>The simulators' routes, all under /simulators.</summary>
    public static WebApplication MapDemo(this WebApplication app)
    {
        var configuration = app.Configuration;
        if (!Remote(configuration, "Identity:PopulationRegister:BaseUrl"))
        {
            app.MapFolkeregisteretSimulator();
        }

        foreach (var (name, _) in Issuers)
        {
            if (app.Services.GetKeyedService<SimulatedIssuer>(name) is { } issuer)
            {
                app.MapIdentityProviderSimulator(issuer);
            }
        }

        app.MapEpjSimulators();
        app.MapNotificationSimulators();
        if (app.Services.GetService<SysvakRegister>() is { } sysvak)
        {
            app.MapSysvakSimulator(sysvak);
        }

        return app;
    }

    /// <summary>A base URL names where this simulator answers: the demo then makes no in-process one.</summary>
    internal static bool Remote(IConfiguration configuration, string baseUrlKey) => !string.IsNullOrWhiteSpace(configuration[baseUrlKey]);
}
