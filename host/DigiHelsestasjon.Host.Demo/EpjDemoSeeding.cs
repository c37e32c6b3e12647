using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Calendar.Contracts;
using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.Epj.Sdk.Http;
using DigiHelsestasjon.EpjIntegration.Inbound;
using DigiHelsestasjon.EpjIntegration.National;
using DigiHelsestasjon.EpjIntegration.Outbound;
using DigiHelsestasjon.Simulators.Epj;
using DigiHelsestasjon.Simulators.Folkeregisteret;
using MediatR;

namespace DigiHelsestasjon.Host.Demo;

/// <summary>Provisions the demo municipalities, connects each journal to the platform, tells the journals
/// about the register's people and books demo appointments for the personas. With a simulators host
/// (<c>Simulators:HostUrl</c>) the journals are there: this only provisions the municipalities with their connector
/// addresses, one host at a time (<see cref="DemoSeedingLock"/>), and registers the demo installations' secrets.</summary>
internal sealed class EpjDemoSeeding(IServiceProvider services, IConfiguration configuration, EnabledModules modules, PopulationRegister register, TimeProvider time, DatabaseSettings database) : IStartupTask
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!modules.IsEnabled("Directory") || !modules.IsEnabled("EpjIntegration"))
        {
            return;
        }

        var transport = configuration["Simulators:EpjTransport"] ?? "in-process";
        var simulatorsHost = DemoSettings.SimulatorsHost(configuration);
        await using var seeding = await DemoSeedingLock.TakeAsync(database, cancellationToken);

        // The acceptance test's test patients, unless configured: a persona the journals know, and someone they do not.
        configuration["Epj:Acceptance:KnownPatientPid"] ??= register.Persona("stranger").Pid;
        configuration["Epj:Acceptance:UnknownPatientPid"] ??= SyntheticFodselsnummer.Create(new DateOnly(1990, 1, 1), new Random(99));
        var baseUrl = DemoSettings.BaseUrl(configuration);
        var installations = services.GetRequiredService<EpjInstallations>();
        foreach (var municipality in EpjDemoData.Municipalities)
        {
            var vendor = municipality.Vendor.Vendor;
            var installation = EpjSimulatorWiring.InstallationId(vendor);
            installations.Register(installation, EpjSimulatorWiring.DemoSecret(vendor));
            var endpoint = transport switch
            {
                "http" => $"{simulatorsHost ?? baseUrl}/simulators/epj/{vendor}/connector/",
                NationalTransportNames.Amqp => NationalSimulatorLinks.JournalHerId(configuration, vendor),
                _ => null,
            };
            var connection = new EpjConnection(vendor, transport, endpoint, installation);
            await using (var scope = services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
                    new ProvisionMunicipality(municipality.Kommunenummer, municipality.Name,
                        municipality.Units.Select(u => new ProvisionedUnit(u.UnitId, u.Name, u.Type, u.HerId, u.Address, u.OpeningHours, connection, u.ChatAroundTheClock ? OpeningHours.AroundTheClock : null)).ToList(),
                        MunicipalityPolicies.Default with
                        {
                            CancellationNeedsApproval = municipality.Vendor.CancellationMode == CancellationMode.NeedsApproval,
                            CancellationDeadlineHours = (int)(municipality.Vendor.CancellationDeadline?.TotalHours ?? 0),
                        }),
                    cancellationToken);
            }

            if (modules.IsEnabled("Calendar"))
            {
                // Every demo unit opens the kind its journal offers to self-booking (the admin can close it again): one command.
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
                    new SetSelfBookingKinds(municipality.Kommunenummer, [.. municipality.Units.Select(u => new UnitSelfBookingKinds(u.UnitId, [SimulatedJournal.SlotKind(u.Type)]))]),
                    cancellationToken);
            }

            if (simulatorsHost is not null)
            {
                // The simulators host's journal publishes to the load balancer's address itself.
                continue;
            }

            var journal = services.GetRequiredService<EpjSimulatorJournals>()[vendor];
            IEpjPlatform ownContract = transport == "http"
                ? new EpjPlatformClient(PlatformHttp(baseUrl), installations.Credentials(installation), time)
                : new EpjInProcessPlatform(services.GetRequiredService<EpjInbound>(), installation);
            journal.ConnectTo(ownContract);
            if (transport == NationalTransportNames.Amqp)
            {
                // The journal on the national bus; what has no national process still goes by the platform's own contract.
                await services.GetRequiredService<NationalSimulatorLinks>().ConnectAsync(journal, installation, ownContract, cancellationToken);
            }

            journal.RegisterPatients(register.All.Select(p => p.Pid));
        }

        if (simulatorsHost is not null)
        {
            return;
        }

        // Readiness needs the municipalities and the connected journals, not the demo appointments: those the journals
        // publish after start-up, as a real journal would (the tests' QuietAsync waits for them, see DemoAppointments).
        services.GetRequiredService<DemoAppointments>().Publish(transport == "http", BookDemoAppointments);
    }

    private HttpClient PlatformHttp(string baseUrl)
    {
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(EpjConnectorFactory.HttpClientName);
        http.BaseAddress = new Uri(baseUrl + "/");
        return http;
    }

    /// <summary>The demo family lives in one municipality: only its journal books their appointments (DemoFamilyAppointments).</summary>
    private void BookDemoAppointments(DemoMunicipality municipality)
    {
        if (municipality != EpjDemoData.FamilyHome)
        {
            return;
        }

        var oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), oslo).DateTime);
        var journal = services.GetRequiredService<EpjSimulatorJournals>()[municipality.Vendor.Vendor];
        foreach (var b in DemoFamilyAppointments.Plan(register, today))
        {
            journal.Book(b.Pid, b.Unit.HerId, b.Start, b.Type, b.Exempt, b.Id, b.PractitionerRole, b.Location, b.ForNewborn);
        }
    }
}
