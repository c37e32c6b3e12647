using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.Epj.Sdk.National;
using DigiHelsestasjon.Epj.Sdk.National.Amqp;
using DigiHelsestasjon.Epj.Sdk.National.Kith;
using DigiHelsestasjon.EpjIntegration.National;
using DigiHelsestasjon.Simulators.Epj;
using DigiHelsestasjon.Simulators.Epj.National;
using Microsoft.Extensions.Options;

namespace DigiHelsestasjon.Host.Demo;

/// <summary><c>Simulators:EpjTransport=amqp</c>: the three simulated journals on the national bus, each with its own
/// HER-id, connection and test certificates, beside the platform's party (whose settings <see cref="DemoSettings"/> fills in).
/// Each vendor keeps one of the agreements a real one may have: Visma answers AppRec 1.1, the others 1.0; CGM's agreement
/// names Avtaleavbestilling as the Directorate's example files spell it.</summary>
internal sealed class NationalSimulatorLinks(IConfiguration configuration, NationalTransport platform, NationalJournals journals, IOptions<NationalTransportOptions> options, TimeProvider time, ILoggerFactory loggers)
    : IAsyncDisposable
{
    private readonly List<AmqpBus> buses = [];

    /// <summary>The demo journals' HER-ids follow the platform's, so hosts on one broker (the tests) never share a queue.</summary>
    public static string JournalHerId(IConfiguration configuration, string vendor) =>
        configuration[$"Simulators:Epj:{vendor}:HerId"] ?? $"{configuration["Epj:National:HerId"]}{EpjDemoData.Municipalities.ToList().FindIndex(m => m.Vendor.Vendor == vendor) + 1}";

    public async Task ConnectAsync(SimulatedJournal journal, string installation, IEpjPlatform ownContract, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var vendor = journal.Profile.Vendor;
        var herId = JournalHerId(configuration, vendor);
        journals.Register(herId, new NationalJournalOptions
        {
            InstallationId = installation,
            AppRecVersion = vendor == "visma" ? "1.1" : "1.0",
            CancellationProcess = vendor == "cgm" ? NationalProcess.AvtaleavbestillingAsInTheExamples : NationalProcess.Avtaleavbestilling,
            AttachmentContentTypes = [.. journal.Profile.Capabilities.AttachmentContentTypes],
            MaxPayloadBytes = journal.Profile.Capabilities.MaxPayloadBytes,
            SlotBooking = journal.Profile.Capabilities.Processes.Contains(EpjProcess.SlotReservation),
        });

        // The platform's certificates exist before a journal encrypts to them.
        platform.Certificates.Own(settings.HerId, settings.CreateTestCertificates);
        var bus = new AmqpBus(settings.Broker!, loggers.CreateLogger<AmqpBus>());
        lock (buses)
        {
            buses.Add(bus);
        }

        var schemas = string.IsNullOrWhiteSpace(settings.SchemaFolder) ? null : NationalSchemas.Load(settings.SchemaFolder);
        var endpoint = new NationalEndpoint(bus, new NationalPartySettings { HerId = herId, Name = journal.Profile.Product, CreateOwnTestCertificates = true },
            platform.Certificates, schemas, time, loggers.CreateLogger($"DigiHelsestasjon.Simulators.Epj.{vendor}.National"));
        var link = new NationalJournalLink(journal, ownContract, time);
        await link.StartAsync(endpoint, new NationalParty(herId, journal.Profile.Product), platform.Party, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var bus in buses)
        {
            await bus.DisposeAsync();
        }
    }
}
