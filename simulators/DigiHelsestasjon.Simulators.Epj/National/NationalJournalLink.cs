using System.Collections.Concurrent;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.Epj.Sdk.National;
using DigiHelsestasjon.Epj.Sdk.National.Amqp;
using DigiHelsestasjon.Epj.Sdk.National.Kith;
using DigiHelsestasjon.Epj.Sdk.National.Mapping;

namespace DigiHelsestasjon.Simulators.Epj.National;

/// <summary>A simulated journal on the national bus, as Visma, InfoDoc and CGM talk to helsenorge.no: what arrives on its
/// queue is read into the contract and handed to the journal (so each keeps its own ways: InfoDoc's staff decide later,
/// CGM's deadlines and slow receipts), and what the journal sends the platform goes out as the national processes
/// (<see cref="IEpjPlatform"/>). What has no national process (parental-access flags, test results) goes by
/// <paramref name="ownContract"/>, the platform's own contract.</summary>
public sealed class NationalJournalLink(SimulatedJournal journal, IEpjPlatform ownContract, TimeProvider time) : INationalReceiver, IEpjPlatform
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<NationalAppRec>> awaitingReceipts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, NationalMessage> received = new();
    private readonly ConcurrentDictionary<string, NationalReceipt> answered = new(StringComparer.Ordinal);
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
    private NationalEndpoint? endpoint;
    private NationalParty platform = new("", "");

    /// <summary>How long the journal waits for the platform's AppRec before it counts the message as not delivered (it
    /// then sends it again with the same MsgId; the platform discards the copy, as its AppRec goes once, so the wait for a
    /// late AppRec is kept and the second attempt takes it).</summary>
    public TimeSpan ReceiptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public NationalParty Party { get; private set; } = new("", "");

    /// <summary>Starts listening on the journal's queues and connects the journal to the platform through this link.</summary>
    public async Task StartAsync(NationalEndpoint journalEndpoint, NationalParty journalParty, NationalParty platformParty, CancellationToken cancellationToken)
    {
        endpoint = journalEndpoint;
        (Party, platform) = (journalParty, platformParty);
        await journalEndpoint.StartAsync(this, cancellationToken);
        journal.ConnectTo(this);
    }

    private NationalRoute Route => new(platform, Party);

    public async Task<NationalReceipt?> ReceiveAsync(NationalMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);

        // A journal answers a MsgId it has seen with its first answer (the platform's retry, or a redelivery).
        if (answered.TryGetValue(message.MsgId, out var earlier))
        {
            return earlier;
        }

        var id = NationalIds.ToGuid(message.MsgId);
        received[id] = message;
        var process = NationalProcess.Normalise(message.Process);
        var code = message.Dialog.Code;
        EpjAcknowledgement ack;
        if (process == NationalProcess.EKontakt && code is NationalCodes.Henvendelse or NationalCodes.SvarFraInnbygger)
        {
            ack = await journal.DeliverMessageAsync(PlatformToJournal.ReadCitizenMessage(message), cancellationToken);
        }
        else if (process == NationalProcess.TimeonskeUngdom && code == NationalCodes.OnskeOmTime)
        {
            // The wish is journaled as the youth's message; the unit then answers it (here at once: the first free time).
            ack = await journal.DeliverMessageAsync(PlatformToJournal.ReadCitizenMessage(message), cancellationToken);
            if (ack.Receipt is not { Status: ReceiptStatus.Rejected })
            {
                _ = Task.Run(() => AnswerTimeWishAsync(message, CancellationToken.None), CancellationToken.None);
            }

            ack = ack with { Outcome = null };
        }
        else if (process == NationalProcess.Avtaleavbestilling && code == NationalCodes.AvbestillReservertTime)
        {
            ack = await journal.RequestCancellationAsync(PlatformToJournal.ReadCancellation(message, requiresApproval: false), cancellationToken);
        }
        else if (process == NationalProcess.Timereservasjon && code == NationalCodes.ReserverTime && message.Events.FirstOrDefault() is { } slot)
        {
            ack = await journal.ReserveSlotAsync(PlatformToJournal.ReadReservation(message, slot), cancellationToken);
        }
        else
        {
            return Remember(message.MsgId, NationalReceipt.Rejected("T02", $"{journal.Profile.Product} does not take {process} with code {code}."));
        }

        if (ack.Outcome is null && ack.Receipt is { Status: ReceiptStatus.Rejected } rejected && process == NationalProcess.Timereservasjon
            && rejected.Errors.Any(e => e.Code == EpjErrorCodes.SlotNotAvailable))
        {
            // A time taken meanwhile is not an error of the message: the AppRec is OK and the answer is 06.
            var taken = Remember(message.MsgId, NationalReceipt.Ok);
            SendInBackground(() => AnswerOutcomeAsync(id, new BusinessOutcome { OriginalMessageId = id, Kind = OutcomeKind.Refused, Reason = "Timen er ikke lenger ledig.", At = time.GetUtcNow() }, CancellationToken.None));
            return taken;
        }

        var receipt = ack.Receipt is null ? null : Remember(message.MsgId, ToNational(ack.Receipt));
        if (ack.Outcome is { } outcome)
        {
            // The dialog's answer follows the AppRec, as a journal does after it has registered the message.
            SendInBackground(() => AnswerOutcomeAsync(id, outcome, CancellationToken.None));
        }

        return receipt;
    }

    private NationalReceipt Remember(string msgId, NationalReceipt receipt) => answered.GetOrAdd(msgId, receipt);

    /// <summary>A journal's own answer, sent after the AppRec as a real journal does, and sent again after a pause while the
    /// send fails or no AppRec comes (a broker restart, a busy platform): the platform acts on a MsgId once and answers
    /// it once, so sending again is safe, and an answer is no longer lost with the first failed try.</summary>
    private static void SendInBackground(Func<Task> send) => _ = Task.Run(async () =>
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await send();
                return;
            }
            catch (Exception exception) when (attempt < 5 && exception is EpjTransportException or TimeoutException or InvalidOperationException or Amqp.AmqpException)
            {
                await Task.Delay(TimeSpan.FromSeconds(2 * attempt));
            }
        }
    });

    public Task ReceiveAppRecAsync(NationalAppRec appRec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(appRec);
        if (awaitingReceipts.TryGetValue(appRec.OriginalMsgId, out var waiting))
        {
            waiting.TrySetResult(appRec);
        }

        return Task.CompletedTask;
    }

    public async Task<NationalMessage> AnswerAsync(NationalMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        if (request.Dialog.Code == NationalCodes.HentLedigeTimer)
        {
            var unit = request.Receiver.UnitHerId ?? request.Receiver.HerId;

            // The guide's four weeks: what the journal offers to self-booking in that time.
            var slots = await journal.GetFreeSlotsAsync(unit, now, now.AddDays(28), cancellationToken);
            return PlatformToJournal.FreeSlotsAnswer(request, slots, now);
        }

        return PlatformToJournal.Answer(request, now, NationalCodes.ForesporselAvvist, $"{journal.Profile.Product} svarer ikke på denne forespørselen.");
    }

    public Task ReceiveTransportErrorAsync(NationalEnvelope error, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The journal's messages to the platform (EPJ -> platform).</summary>
    public async Task<ApplicationReceipt> SendAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var now = time.GetUtcNow();
        switch (message)
        {
            case AppointmentPublished published:
                return await SendAndAwaitReceiptAsync(JournalToPlatform.Appointment(published, Route, now), cancellationToken);
            case HealthServiceMessage reply:
                return await SendAndAwaitReceiptAsync(JournalToPlatform.HealthServiceMessage(reply, Route, now), cancellationToken);
            case CancellationDecided decided when received.TryGetValue(decided.CancellationMessageId, out var request):
                return await SendAndAwaitReceiptAsync(JournalToPlatform.CancellationAnswer(
                    decided.CancellationMessageId, decided.Accepted, decided.Reason, request.Patient?.Fnr ?? "", request.Receiver.UnitHerId ?? "", Route, now, decided.MessageId), cancellationToken);
            case OutcomeReported reported when received.ContainsKey(reported.OriginalMessageId):
                if (reported.Receipt is { } receipt)
                {
                    var original = received[reported.OriginalMessageId];
                    await endpoint!.SendAppRecAsync(platform.HerId, original.MsgId, original.Process, Remember(original.MsgId, ToNational(receipt)), cancellationToken);
                }

                if (reported.Outcome is { } outcome)
                {
                    await AnswerOutcomeAsync(reported.OriginalMessageId, outcome, cancellationToken);
                }

                return ApplicationReceipt.Ok(message.MessageId);
            default:
                return await ownContract.SendAsync(message, cancellationToken);
        }
    }

    /// <summary>A decided outcome as the process's answer: 08/09 for a cancellation, 05/06 for a reservation. eKontakt has
    /// none: its AppRec said it all.</summary>
    private async Task AnswerOutcomeAsync(Guid originalId, BusinessOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.Kind == OutcomeKind.PendingManualReview || !received.TryGetValue(originalId, out var original))
        {
            return;
        }

        var now = time.GetUtcNow();
        var process = NationalProcess.Normalise(original.Process);
        var answerId = NationalIds.ToGuid($"{original.MsgId}/answer");
        if (process == NationalProcess.Avtaleavbestilling)
        {
            await SendAndAwaitReceiptAsync(JournalToPlatform.CancellationAnswer(originalId, outcome.Kind == OutcomeKind.Journaled, outcome.Reason,
                original.Patient?.Fnr ?? "", original.Receiver.UnitHerId ?? "", Route, now, answerId), cancellationToken);
        }
        else if (process == NationalProcess.Timereservasjon)
        {
            var booked = outcome.Kind == OutcomeKind.Journaled;
            var slot = original.Events.FirstOrDefault();
            var answer = PlatformToJournal.Answer(original, now, booked ? NationalCodes.TimereservasjonBekreftet : NationalCodes.TimeIkkeTilgjengelig, outcome.Reason) with
            {
                MsgId = answerId.ToString(),
                Events = booked && slot is not null ? [slot with { RelatedTo = outcome.DocumentReference ?? slot.Uid }] : [],
            };
            await SendAndAwaitReceiptAsync(answer, cancellationToken);
        }
    }

    /// <summary>The unit's answer to a young person's wish for a time: the first free time in four weeks, reserved for her
    /// (05 with the event), or 06 when the journal has none or holds the reservation for staff to decide.</summary>
    private async Task AnswerTimeWishAsync(NationalMessage wish, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var unit = wish.Receiver.UnitHerId ?? wish.Receiver.HerId;
        var slot = (await journal.GetFreeSlotsAsync(unit, now, now.AddDays(28), cancellationToken)).OrderBy(s => s.Start).FirstOrDefault();
        BusinessOutcome? booked = null;
        if (slot is not null)
        {
            var reserved = await journal.ReserveSlotAsync(new SlotReservation
            {
                MessageId = NationalIds.ToGuid($"{wish.MsgId}/reservation"), SlotId = slot.SlotId, PatientPid = wish.Patient?.Fnr ?? "", RequestedByRelation = "self",
            }, cancellationToken);
            booked = reserved.Outcome is { Kind: OutcomeKind.Journaled } outcome ? outcome : null;
        }

        var answer = PlatformToJournal.Answer(wish, time.GetUtcNow(), booked is null ? NationalCodes.TimeIkkeTilgjengelig : NationalCodes.TimereservasjonBekreftet,
            booked is null ? "Vi har ikke en ledig time som passer nå. Vi ringer deg." : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Du har fått time {TimeZoneInfo.ConvertTime(slot!.Start, Oslo):dd.MM. 'kl.' HH:mm}. Velkommen!")) with
        {
            MsgId = NationalIds.ToGuid($"{wish.MsgId}/answer").ToString(),
            Events = booked is null ? [] : [new NationalEvent { Uid = slot!.SlotId, RelatedTo = booked.DocumentReference ?? slot.SlotId, Start = slot.Start, End = slot.End, Description = slot.AppointmentType, Contact = unit }],
        };
        try
        {
            await SendAndAwaitReceiptAsync(answer, cancellationToken);
        }
        catch (EpjTransportException)
        {
            // The platform did not answer in time: a real journal would send the answer again later; the simulator leaves it.
        }
    }

    private async Task<ApplicationReceipt> SendAndAwaitReceiptAsync(NationalMessage message, CancellationToken cancellationToken)
    {
        var waiting = awaitingReceipts.GetOrAdd(message.MsgId, _ => new TaskCompletionSource<NationalAppRec>(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            if (!waiting.Task.IsCompleted)
            {
                // To the platform's communication party: at level 2 when its organisation is at level 1.
                await endpoint!.SendAsync(message, platform.UnitHerId ?? platform.HerId, cancellationToken);
            }

            var appRec = await waiting.Task.WaitAsync(ReceiptTimeout, cancellationToken);
            awaitingReceipts.TryRemove(message.MsgId, out _);
            var id = NationalIds.ToGuid(message.MsgId);
            return appRec.Status == AppRecStatus.Rejected
                ? new ApplicationReceipt { OriginalMessageId = id, Status = ReceiptStatus.Rejected, Errors = [.. appRec.Errors.Select(e => EpjError.Of(e.Code, e.Description))] }
                : ApplicationReceipt.Ok(id);
        }
        catch (TimeoutException exception)
        {
            throw new EpjTransportException("No AppRec from the platform in time; the journal sends the message again.", exception);
        }
    }

    private static NationalReceipt ToNational(ApplicationReceipt receipt) => receipt.Status switch
    {
        ReceiptStatus.Ok => NationalReceipt.Ok,
        ReceiptStatus.OkWithErrors => new NationalReceipt(AppRecStatus.OkWithErrors, [.. receipt.Errors.Select(e => new AppRecError(e.Code, e.Description))]),
        _ => new NationalReceipt(AppRecStatus.Rejected, [.. receipt.Errors.Select(e => new AppRecError(e.Code == EpjErrorCodes.SlotNotAvailable ? EpjErrorCodes.Other : e.Code, e.Description))]),
    };
}
