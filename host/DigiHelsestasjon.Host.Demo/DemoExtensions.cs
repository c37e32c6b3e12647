using DigiHelsestasjon.Simulators.Folkeregisteret;
using DigiHelsestasjon.Simulators.IdentityProviders;
using DigiHelsestasjon.Simulators.Sysvak;
using DigiHelsestasjon.HealthRecords;
using DigiHelsestasjon.Identity;

namespace DigiHelsestasjon.Host.Demo;

/// <summary>The demo in a host: the simulators run in-process under /simulators and answer the modules' ports, the demo
/// municipalities and families are provisioned at start-up, and the settings they need are filled in. Their issuers sign a
/// token for any fødselsnummer and their journals use published secrets, so the host adds the demo only in Development and
/// Testing or when <c>Demo:Enabled</c> says so, and Production refuses it.</summary>
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
        services.AddSingleton(sp => new PopulationRegister(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPopulationRegister, SimulatedPopulationRegister>();
        foreach (var (name, kind) in Issuers)
        {
            services.AddKeyedSingleton(name, (_, _) => new SimulatedIssuer(name, kind, baseUrl, keyFolder, audience));
        }

        services.AddEpjSimulators();
        services.AddNotificationSimulators(configuration);
        services.AddSingleton(sp => new SysvakRegister(sp.GetRequiredService<TimeProvider>()) { HomeOf = DemoHomes.Of(sp.GetRequiredService<PopulationRegister>()) });
        if (string.IsNullOrEmpty(configuration["HealthRecords:Sysvak:BaseUrl"]))
        {
            services.AddSingleton<IVaccinationRegister, SimulatedVaccinationRegister>();
        }

        return builder;
    }

    /// <summary>The simulators' routes, all under /simulators.</summary>
    public static WebApplication MapDemo(this WebApplication app)
    {
        app.MapFolkeregisteretSimulator();
        foreach (var (name, _) in Issuers)
        {
            app.MapIdentityProviderSimulator(app.Services.GetRequiredKeyedService<SimulatedIssuer>(name));
        }

        app.MapEpjSimulators();
        app.MapNotificationSimulators();
        app.MapSysvakSimulator(app.Services.GetRequiredService<SysvakRegister>());
        return app;
    }
}
