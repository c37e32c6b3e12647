using DigiHelsestasjon.HealthRecords;
using DigiHelsestasjon.Identity;
using DigiHelsestasjon.Simulators.Sysvak;
using DigiHelsestasjon.Simulators.Folkeregisteret;
using DigiHelsestasjon.Simulators.IdentityProviders;

namespace DigiHelsestasjon.Host.Infrastructure;

/// <summary>The simulators run in-process when <c>Simulators:Enabled</c>. Unset, it is on only in
/// Development and Testing (the test host's environment): their issuers sign a token for any
/// fødselsnummer and their journals use published demo secrets, so a server must opt in, and
/// Production cannot (see <see cref="HostSafety"/>). They are mapped under /simulators and
/// plugged into the modules' ports.</summary>
internal static class SimulatorWiring
{
    public static bool Enabled(IConfiguration configuration) => configuration.GetValue("Simulators:Enabled", false);

    /// <summary>Decides the default once, before anything reads <see cref="Enabled"/>.</summary>
    public static void ResolveDefault(IConfiguration configuration, IHostEnvironment environment) =>
        configuration["Simulators:Enabled"] ??= HostSafety.IsDevelopmentOrTesting(environment) ? "true" : "false";

    /// <summary>Where the simulated issuers say they live: <c>Simulators:BaseUrl</c>, else the first URL the host listens on.</summary>
    public static string BaseUrl(IConfiguration configuration) =>
        (configuration["Simulators:BaseUrl"] ?? configuration["Urls"]?.Split(';')[0] ?? "http://localhost:5080").TrimEnd('/').Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal);

    public static IServiceCollection AddSimulators(this IServiceCollection services, IConfiguration configuration)
    {
        if (!Enabled(configuration))
        {
            return services;
        }

        var keyFolder = Path.GetFullPath(Path.Combine(configuration["Simulators:DataFolder"] ?? "data", "simulators"));
        var audience = configuration["Authentication:Audience"] ?? "digihelsestasjon";
        var baseUrl = BaseUrl(configuration);
        services.AddSingleton(sp => new PopulationRegister(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPopulationRegister, SimulatedPopulationRegister>();
        foreach (var (name, kind) in new[] { ("idporten", IssuerKind.Citizen), ("feide", IssuerKind.Pupil), ("helseid", IssuerKind.Staff) })
        {
            services.AddKeyedSingleton(name, (_, _) => new SimulatedIssuer(name, kind, baseUrl, keyFolder, audience));
        }

        services.AddEpjSimulators();
        NationalSimulatorLinks.ResolveDefaults(configuration, keyFolder);
        services.AddNotificationSimulators(configuration);
        services.AddSingleton<SysvakRegister>();
        if (string.IsNullOrEmpty(configuration["HealthRecords:Sysvak:BaseUrl"]))
        {
            services.AddSingleton<IVaccinationRegister, SimulatedVaccinationRegister>();
        }

        return services;
    }

    public static IEndpointRouteBuilder MapSimulators(this IEndpointRouteBuilder endpoints)
    {
        if (!Enabled(endpoints.ServiceProvider.GetRequiredService<IConfiguration>()))
        {
            return endpoints;
        }

        endpoints.MapFolkeregisteretSimulator();
        foreach (var name in new[] { "idporten", "feide", "helseid" })
        {
            endpoints.MapIdentityProviderSimulator(endpoints.ServiceProvider.GetRequiredKeyedService<SimulatedIssuer>(name));
        }

        endpoints.MapEpjSimulators();
        endpoints.MapNotificationSimulators();
        endpoints.MapSysvakSimulator(endpoints.ServiceProvider.GetRequiredService<SysvakRegister>());

        return endpoints;
    }
}

/// <summary>Identity's population-register port, answered by the Folkeregisteret simulator.</summary>
internal sealed class SimulatedPopulationRegister(PopulationRegister register) : IPopulationRegister
{
    public Task<PopulationRecord?> FindAsync(string pid, CancellationToken cancellationToken)
    {
        var person = register.Find(pid);
        return Task.FromResult(person is null
            ? null
            : new PopulationRecord(
                person.Pid,
                person.Name,
                person.BirthDate,
                person.ProtectedAddress,
                person.Children.Select(c => new FamilyLink(c.Pid, c.ParentalResponsibility)).ToList(),
                person.Parents.Select(p => new FamilyLink(p.Pid, p.ParentalResponsibility)).ToList()));
    }
}

/// <summary>HealthRecords' immunisation-register port, answered by the SYSVAK simulator in process (its HTTP surface is the same data).</summary>
internal sealed class SimulatedVaccinationRegister(SysvakRegister register) : IVaccinationRegister
{
    public bool Connected => true;

    public Task<IReadOnlyList<RegisteredVaccination>> VaccinationsOfAsync(string pid, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RegisteredVaccination>>([.. register.VaccinationsOf(pid).Select(v => new RegisteredVaccination(v.EntryId, v.Code, v.Name, v.Dose, v.GivenOn, v.GivenBy))]);
}
