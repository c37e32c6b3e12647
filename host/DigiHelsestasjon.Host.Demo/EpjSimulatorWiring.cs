using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.EpjIntegration.Outbound;
using DigiHelsestasjon.Simulators.Epj;
using DigiHelsestasjon.Simulators.Folkeregisteret;

namespace DigiHelsestasjon.Host.Demo;

/// <summary>The three EPJ simulators in the host: each journal is the in-process connector of its vendor,
/// serves its control API and HTTP connector, and its demo municipality is provisioned in Directory.
/// <c>Simulators:EpjTransport</c> = <c>in-process</c> (default) or <c>http</c> picks how the platform and
/// the journals talk (http goes through the SDK's clients and the signed inbound endpoint).</summary>
internal static class EpjSimulatorWiring
{
    public static string InstallationId(string vendor) => EpjDemoData.DemoInstallationId(vendor);

    // Demo installations only; a real installation's secret comes from configuration.
    public static string DemoSecret(string vendor) => EpjDemoData.DemoSecret(vendor);

    /// <param name="inProcess">False: the journals run in the simulators host; this host only provisions the demo
    /// municipalities with their connector addresses there.</param>
    public static IServiceCollection AddEpjSimulators(this IServiceCollection services, bool inProcess = true)
    {
        services.AddSingleton<IStartupTask, EpjDemoSeeding>();
        if (!inProcess)
        {
            return services;
        }

        services.AddSingleton<EpjSimulatorJournals>();
        services.AddSingleton<NationalSimulatorLinks>();
        foreach (var municipality in EpjDemoData.Municipalities)
        {
            services.AddKeyedSingleton<IEpjConnector>(municipality.Vendor.Vendor, (sp, key) => sp.GetRequiredService<EpjSimulatorJournals>()[(string)key!]);
        }

        services.AddSingleton<DemoAppointments>();
        services.AddSingleton<IBackgroundActivity>(sp => sp.GetRequiredService<DemoAppointments>());
        foreach (var municipality in EpjDemoData.Municipalities)
        {
            services.AddSingleton<IBackgroundActivity>(sp => new JournalActivity(sp.GetRequiredService<EpjSimulatorJournals>()[municipality.Vendor.Vendor]));
        }

        return services;
    }

    public static void MapEpjSimulators(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<EpjSimulatorJournals>() is null)
        {
            return;
        }

        var installations = endpoints.ServiceProvider.GetService<EpjInstallations>();
        var time = endpoints.ServiceProvider.GetRequiredService<TimeProvider>();
        foreach (var municipality in EpjDemoData.Municipalities)
        {
            endpoints.MapEpjSimulator(endpoints.ServiceProvider.GetRequiredService<EpjSimulatorJournals>()[municipality.Vendor.Vendor], id => installations?.SecretOf(id), time);
        }
    }
}

/// <summary>A journal's messages to the platform that are queued or scheduled but not yet sent.</summary>
internal sealed class JournalActivity(SimulatedJournal journal) : IBackgroundActivity
{
    public string Name => $"simulated journal {journal.Profile.Vendor}";

    public long Started => journal.SendsStarted;

    public bool IsIdle => journal.IsIdle;
}

/// <summary>The three journals, one per vendor, for the life of the host.</summary>
internal sealed class EpjSimulatorJournals(TimeProvider time, ILoggerFactory loggers, IConfiguration configuration, PopulationRegister register)
{
    // Simulators:Epj:{vendor}:ContractVersions = 1.0 plays a journal that predates RequiresApproval.
    private readonly Dictionary<string, SimulatedJournal> journals = EpjDemoData.Municipalities.ToDictionary(
        m => m.Vendor.Vendor,
        m => new SimulatedJournal(m.Vendor.Configured(key => configuration[$"Simulators:Epj:{m.Vendor.Vendor}:{key}"]), m.Units.Select(u => u.ForJournal).ToList(), time, loggers.CreateLogger($"DigiHelsestasjon.Simulators.Epj.{m.Vendor.Vendor}"))
        {
            HomeOf = DemoHomes.Of(register),
        });

    public SimulatedJournal this[string vendor] => journals[vendor];
}
