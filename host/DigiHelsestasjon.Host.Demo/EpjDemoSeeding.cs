using DigiHelsestasjon.BuildingBlocks.Modules;
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
/// about the register's people and books demo appointments for the personas.</summary>
internal sealed class EpjDemoSeeding(IServiceProvider services, IConfiguration configuration, EnabledModules modules, PopulationRegister register, TimeProvider time) : IStartupTask
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!modules.IsEnabled("Directory") || !modules.IsEnabled("EpjIntegration"))
        {
            return;
        }

        var transport = configuration["Simulators:EpjTransport"] ?? "in-process";

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
                "http" => $"{baseUrl}/simulators/epj/{vendor}/connector/",
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

            var journal = services.GetRequiredService<EpjSimulatorJournals>()[vendor];
            IEpjPlatform ownContract = transport == "http"
                ? new EpjPlatformClient(PlatformHttp(baseUrl), installations.Credentials(installation), () => time.GetUtcNow())
                : new EpjInProcessPlatform(services.GetRequiredService<EpjInbound>(), installation);
            journal.ConnectTo(ownContract);
            if (transport == NationalTransportNames.Amqp)
            {
                // The journal on the national bus; what has no national process still goes by the platform's own contract.
                await services.GetRequiredService<NationalSimulatorLinks>().ConnectAsync(journal, installation, ownContract, cancellationToken);
            }

            journal.RegisterPatients(register.All.Select(p => p.Pid));
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

    /// <summary>Fixed ids, so a restart publishes the same messages again and the platform treats them as duplicates.</summary>
    private void BookDemoAppointments(DemoMunicipality municipality)
    {
        var oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), oslo).DateTime);
        DateTimeOffset At(int days, int hour)
        {
            var local = today.AddDays(days).ToDateTime(new TimeOnly(hour, 0));
            return new DateTimeOffset(local, oslo.GetUtcOffset(local));
        }

        var units = municipality.Units;
        var vendor = municipality.Vendor.Vendor;
        var journal = services.GetRequiredService<EpjSimulatorJournals>()[vendor];
        var child = register.Persona("child-under-12").Pid;
        var youth = register.Persona("youth-12-15").Pid;
        var older = register.Persona("youth-16-17").Pid;
        journal.Book(child, units[0].HerId, At(3, 10), "5-årskontroll", exempt: false, id: $"{vendor}-demo-1");
        journal.Book(child, units[0].HerId, At(-30, 9), "4-årskontroll", exempt: false, id: $"{vendor}-demo-2");
        journal.Book(youth, units[2].HerId, At(8, 11), "Vaksinasjon HPV", exempt: false, id: $"{vendor}-demo-3");
        journal.Book(youth, units[2].HerId, At(6, 13), "Samtale med helsesykepleier", exempt: true, id: $"{vendor}-demo-4");
        journal.Book(older, units[3].HerId, At(5, 15), "Samtale", exempt: false, id: $"{vendor}-demo-5", practitionerRole: "lege");
        if (vendor == "visma")
        {
            BookBasisServices(journal, units[0].HerId, vendor, At);
        }
    }

    /// <summary>Pregnancy care and the first weeks (at Fjordvik's health station): the midwife's check-ups, a home visit
    /// (the journal holds the family's address; the platform never shows it) and the 6-week consultation; for a newborn
    /// without a fødselsnummer yet, booked on the mother.</summary>
    private void BookBasisServices(SimulatedJournal journal, string healthStation, string vendor, Func<int, int, DateTimeOffset> at)
    {
        var pregnant = register.Persona("pregnant").Pid;
        journal.Book(pregnant, healthStation, at(4, 10), "Svangerskapskontroll uke 28", exempt: false, id: $"{vendor}-demo-6", practitionerRole: "jordmor");
        journal.Book(pregnant, healthStation, at(18, 10), "Svangerskapskontroll uke 30", exempt: false, id: $"{vendor}-demo-7", practitionerRole: "jordmor");

        var newborn = register.Persona("newborn");
        journal.Book(newborn.Pid, healthStation, at(1, 12), "Hjemmebesøk etter fødsel", exempt: false, id: $"{vendor}-demo-8", practitionerRole: "jordmor", location: $"Hjemme: {newborn.Address}");
        journal.Book(newborn.Pid, healthStation, at(38, 10), "6 ukers konsultasjon", exempt: false, id: $"{vendor}-demo-9", practitionerRole: "lege og helsesykepleier");

        var mother = register.Persona("mother-of-unregistered-newborn");
        journal.Book(mother.Pid, healthStation, at(2, 11), "Hjemmebesøk etter fødsel", exempt: false, id: $"{vendor}-demo-10", practitionerRole: "helsesykepleier", location: $"Hjemme: {mother.Address}", forNewborn: true);
        journal.Book(mother.Pid, healthStation, at(41, 9), "6 ukers konsultasjon", exempt: false, id: $"{vendor}-demo-11", practitionerRole: "lege og helsesykepleier", forNewborn: true);
    }
}
