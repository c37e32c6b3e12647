using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.Epj.Sdk.National.Kith;
using DigiHelsestasjon.Epj.Sdk.National.Mapping;

namespace DigiHelsestasjon.EpjIntegration.National;

/// <summary>A journal reached over the national bus (<c>transport: amqp</c>, the connection's endpoint is the journal's
/// HER-id). Asynchronous processes answer level 1 only (the broker holds the message); the AppRec and the dialog's answer
/// arrive later on the platform's queue and move the item as the contract's <see cref="OutcomeReported"/> does.
/// What has no national process (vaccinations, test results, the youth chat's transcript) goes by the journal's
/// connector on the platform's own contract when the host has one for the vendor (<paramref name="ownContract"/>).</summary>
internal sealed class AmqpEpjConnector(NationalTransport transport, NationalJournals journals, string journalHerId, TimeProvider time, IEpjConnector? ownContract = null)
    : IEpjConnector, IEpjSlotBooking, IEpjHealthRecords, IEpjYouthChatTranscripts
{
    private static readonly EpjProcess[] OwnContractProcesses = [EpjProcess.Vaccinations, EpjProcess.TestResults, EpjProcess.YouthChatTranscript];

    /// <summary>The journal as MsgHead's receiver: its organisation at level 1 when the party is a unit on the bus (the
    /// message's unit then goes at level 2), else the party at level 1. Either way the message goes to the party's queues.</summary>
    private NationalRoute Route => new(transport.Party, journals.Of(journalHerId)?.OrganisationHerId is { Length: > 0 } organisation
        ? new NationalParty(organisation, journals.Of(journalHerId)?.OrganisationName ?? organisation)
        : new NationalParty(journalHerId, journalHerId));

    public async Task<EpjCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken)
    {
        var national = journals.Capabilities(journalHerId);
        if (ownContract is null)
        {
            return national;
        }

        var own = await ownContract.GetCapabilitiesAsync(cancellationToken);
        return national with { Processes = [.. national.Processes, .. own.Processes.Where(OwnContractProcesses.Contains)] };
    }

    public Task<IReadOnlyList<HealthRecordEntry>> GetVaccinationsAsync(string patientPid, CancellationToken cancellationToken) =>
        OwnContract<IEpjHealthRecords>().GetVaccinationsAsync(patientPid, cancellationToken);

    public Task<IReadOnlyList<HealthRecordEntry>> GetTestResultsAsync(string patientPid, CancellationToken cancellationToken) =>
        OwnContract<IEpjHealthRecords>().GetTestResultsAsync(patientPid, cancellationToken);

    public Task<EpjAcknowledgement> DeliverTranscriptAsync(YouthChatTranscript transcript, CancellationToken cancellationToken) =>
        OwnContract<IEpjYouthChatTranscripts>().DeliverTranscriptAsync(transcript, cancellationToken);

    // Called only for a process the capabilities declared, so only with an own-contract connector that has it.
    private T OwnContract<T>() where T : class =>
        ownContract as T ?? throw new EpjTransportException($"The national transport has no {typeof(T).Name}, and no connector on the platform's own contract is set for this journal.");

    public async Task<EpjAcknowledgement> DeliverMessageAsync(CitizenMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var national = PlatformToJournal.CitizenMessage(message, Route, time.GetUtcNow());

        // Noted before it goes: the journal's AppRec can arrive before the broker has confirmed the send.
        transport.Sent(message.MessageId, national.Process);
        await transport.Endpoint.SendAsync(national, journalHerId, cancellationToken, transport.AmqpIdFor(message.MessageId));
        return new EpjAcknowledgement { MessageId = message.MessageId };
    }

    public async Task<EpjAcknowledgement> RequestCancellationAsync(CancellationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var process = journals.Of(journalHerId)?.CancellationProcess ?? NationalProcess.Avtaleavbestilling;
        transport.Sent(request.MessageId, NationalProcess.Avtaleavbestilling);
        await transport.Endpoint.SendAsync(PlatformToJournal.Cancellation(request, Route, time.GetUtcNow(), process), journalHerId, cancellationToken, transport.AmqpIdFor(request.MessageId));
        return new EpjAcknowledgement { MessageId = request.MessageId };
    }

    /// <summary>Not carried: the platform holds the appointments the journal publishes (Avtaleutsending).</summary>
    public Task<IReadOnlyList<EpjAppointment>> GetPlannedAppointmentsAsync(PlannedAppointmentsQuery query, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<EpjAppointment>>([]);

    public async Task<IReadOnlyList<FreeSlot>> GetFreeSlotsAsync(string unitHerId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var answer = await transport.Endpoint.RequestAsync(PlatformToJournal.FreeSlotsQuery(unitHerId, Route, time.GetUtcNow()), journalHerId, cancellationToken);
        var slots = PlatformToJournal.ReadFreeSlots(answer, unitHerId).Where(s => s.Start >= from && s.Start < to).ToList();
        transport.Offered(slots);
        return slots;
    }

    /// <summary>RT names the slot by its uid, time and unit. The contract's reservation carries the slot id only, so the
    /// time and unit come from the free times this host offered (the platform reserves only times it offered; on
    /// another host, the journal resolves the uid alone, as the simulated journals do).</summary>
    public async Task<EpjAcknowledgement> ReserveSlotAsync(SlotReservation reservation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        var now = time.GetUtcNow();
        var slot = transport.OfferedSlot(reservation.SlotId) ?? new FreeSlot { SlotId = reservation.SlotId, Start = now, End = now };
        transport.Sent(reservation.MessageId, NationalProcess.Timereservasjon);
        await transport.Endpoint.SendAsync(PlatformToJournal.Reservation(reservation, slot, Route, now), journalHerId, cancellationToken, transport.AmqpIdFor(reservation.MessageId));
        return new EpjAcknowledgement { MessageId = reservation.MessageId };
    }
}
