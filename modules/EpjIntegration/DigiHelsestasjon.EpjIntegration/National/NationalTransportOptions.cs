using System.Collections.Concurrent;
using DigiHelsestasjon.Epj.Sdk;

namespace DigiHelsestasjon.EpjIntegration.National;

/// <summary><c>Epj:National</c>: the platform on the national service bus, in helsenorge's part toward the journals.
/// Off unless <see cref="Broker"/> is set: the embedded default needs no broker.</summary>
public sealed class NationalTransportOptions
{
    /// <summary>The broker's AMQP address, for example <c>amqp://user:password@127.0.0.1:5672</c>.</summary>
    public string? Broker { get; set; }

    /// <summary>The platform's own HER-id (its communication party in the address register).</summary>
    public string HerId { get; set; } = "";

    public string Name { get; set; } = "DigiHelsestasjon";

    /// <summary>The organisation (virksomhet) the platform's communication party belongs to: written at level 1 of MsgHead's
    /// sender with the party (<see cref="HerId"/>) at level 2, as HITS 1217 2.3 addresses. Empty: the party alone.</summary>
    public string? OrganisationHerId { get; set; }

    public string? OrganisationName { get; set; }

    /// <summary>The folder with certificates by HER-id: ours as <c>{herId}-signing.pfx</c> and <c>{herId}-encryption.pfx</c>,
    /// each journal's as <c>.cer</c> (or <c>.pfx</c>) files.</summary>
    public string CertificateFolder { get; set; } = "";

    public string? CertificatePassword { get; set; }

    /// <summary>Make our own test certificates when missing (the simulators, the demo, the tests). Never in production.</summary>
    public bool CreateTestCertificates { get; set; }

    /// <summary>Declare the platform's queues at start: true on a broker of the municipality's own, false on NHN's bus
    /// (the queues exist there, with NHN's arguments).</summary>
    public bool DeclareQueues { get; set; } = true;

    /// <summary>The national XSDs (the folder holding <c>all-digital-dialog.xsd</c>): every message sent and received
    /// is validated against them (T02 when a received one fails). The XSDs are the Directorate's, not shipped with the
    /// platform; without them received messages are checked for their required parts only.</summary>
    public string? SchemaFolder { get; set; }

    /// <summary>The journals on the bus, by their HER-id.</summary>
    public Dictionary<string, NationalJournalOptions> Journals { get; set; } = new(StringComparer.Ordinal);

    public bool Enabled => !string.IsNullOrWhiteSpace(Broker) && !string.IsNullOrWhiteSpace(HerId);
}

/// <summary>One journal on the bus, as its agreement (CPA) with the platform says.</summary>
public sealed class NationalJournalOptions
{
    /// <summary>The EPJ installation whose units this journal serves (the same id as on the platform's own contract).</summary>
    public string InstallationId { get; set; } = "";

    /// <summary>"1.0" or "1.1".</summary>
    public string AppRecVersion { get; set; } = "1.0";

    /// <summary>The name its agreement gives Avtaleavbestilling (the guide's, or the example files' <c>..._AVTALEBESTILLING</c>).</summary>
    public string CancellationProcess { get; set; } = Epj.Sdk.National.Kith.NationalProcess.Avtaleavbestilling;

    /// <summary>Attachment types and the largest message it takes (the national standard has no handshake for these).</summary>
    public List<string> AttachmentContentTypes { get; set; } = ["application/pdf", "image/jpeg", "image/png"];

    public long MaxPayloadBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Whether it answers free times and reservations (Timereservasjon).</summary>
    public bool SlotBooking { get; set; } = true;

    /// <summary>The organisation (virksomhet) this communication party belongs to, when the party is a unit on the bus (its
    /// own HER-id and queues, as in the address register): the platform then writes MsgHead's receiver as HITS 1217 2.3
    /// says, the organisation at level 1 and the unit at level 2, and sends to this party's queues. Empty: one party for
    /// the journal, written at level 1 with the unit below it (the simulated journals).</summary>
    public string? OrganisationHerId { get; set; }

    public string? OrganisationName { get; set; }
}

/// <summary>The journals known on the bus: from configuration, plus those registered in code (the demo's simulators).</summary>
public sealed class NationalJournals(Microsoft.Extensions.Options.IOptions<NationalTransportOptions> options)
{
    private readonly ConcurrentDictionary<string, NationalJournalOptions> registered = new(StringComparer.Ordinal);

    public void Register(string herId, NationalJournalOptions journal) => registered[herId] = journal;

    public NationalJournalOptions? Of(string herId) =>
        registered.TryGetValue(herId, out var journal) ? journal : options.Value.Journals.GetValueOrDefault(herId);

    public EpjCapabilities Capabilities(string herId)
    {
        var journal = Of(herId) ?? throw new EpjTransportException($"No journal with HER-id {herId} is configured under Epj:National:Journals.");
        return new EpjCapabilities
        {
            Product = $"national digital dialog ({herId})", ContractVersions = EpjContract.SupportedVersions,
            Processes = journal.SlotBooking
                ? [EpjProcess.CitizenMessage, EpjProcess.Cancellation, EpjProcess.FreeSlots, EpjProcess.SlotReservation]
                : [EpjProcess.CitizenMessage, EpjProcess.Cancellation],
            AttachmentContentTypes = journal.AttachmentContentTypes, MaxPayloadBytes = journal.MaxPayloadBytes,
            AnswersSynchronously = false, SynchronousTimeLimitMs = 15000, PublishesAllAppointments = true,
        };
    }
}

/// <summary>The connection's transport name for the national bus.</summary>
public static class NationalTransportNames
{
    public const string Amqp = "amqp";
}
