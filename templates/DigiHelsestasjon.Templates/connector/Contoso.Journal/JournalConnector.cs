using DigiHelsestasjon.Epj.Sdk;

namespace Contoso.Journal;

/// <summary>The connector the platform calls. Each method answers from the journal; what the journal sends the platform
/// on its own (appointments, decisions) goes through <see cref="InMemoryJournal.ConnectTo"/>.</summary>
public sealed class JournalConnector(InMemoryJournal journal) : IEpjConnector
{
    private static readonly string[] AttachmentTypes = ["application/pdf", "image/jpeg", "image/png"];

    public static EpjCapabilities Capabilities { get; } = new()
    {
        Product = "Contoso.Journal 1.0",
        // 1.1: the journal honours CancellationRequest.RequiresApproval.
        ContractVersions = ["1.0", "1.1"],
        Processes = [EpjProcess.CitizenMessage, EpjProcess.Cancellation, EpjProcess.PlannedAppointments],
        CancellationMode = CancellationMode.Immediate,
        MaxPayloadBytes = 5 * 1024 * 1024,
        AttachmentContentTypes = AttachmentTypes,
        AnswersSynchronously = true,
        SynchronousTimeLimitMs = 5000,
    };

    public Task<EpjCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken) => Task.FromResult(Capabilities);

    public Task<EpjAcknowledgement> DeliverMessageAsync(CitizenMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var size = System.Text.Encoding.UTF8.GetByteCount(message.Body) + message.Attachments.Sum(a => (long)a.Content.Length);
        var refusal =
            string.IsNullOrWhiteSpace(message.Body) && string.IsNullOrWhiteSpace(message.Subject) ? EpjError.Of(EpjErrorCodes.InvalidContent, "The message has neither subject nor text.")
            : size > Capabilities.MaxPayloadBytes ? EpjError.Of(EpjErrorCodes.InvalidContent, $"The message is {size} bytes; the journal takes {Capabilities.MaxPayloadBytes}.") with { Category = EpjErrorCategory.UnsupportedCapability }
            : message.Attachments.FirstOrDefault(a => !Capabilities.Accepts(a.ContentType)) is { } file ? EpjError.Of(EpjErrorCodes.InvalidContent, $"Attachments of type {file.ContentType} are not taken.") with { Category = EpjErrorCategory.UnsupportedCapability }
            : null;
        return Task.FromResult(journal.Journal(message.MessageId, message.PatientPid, "message", message.Subject + "\n" + message.Body, refusal));
    }

    public Task<EpjAcknowledgement> RequestCancellationAsync(CancellationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(journal.Cancel(request));
    }

    public Task<IReadOnlyList<EpjAppointment>> GetPlannedAppointmentsAsync(PlannedAppointmentsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Task.FromResult(journal.Planned(query.PatientPid, query.UnitHerId, query.From, query.To));
    }
}
