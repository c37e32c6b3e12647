using System.Collections.Concurrent;
using System.Text;
using System.Xml.Linq;
using DigiHelsestasjon.Epj.Sdk.National.Amqp;
using DigiHelsestasjon.Epj.Sdk.National.Kith;
using DigiHelsestasjon.Epj.Sdk.National.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigiHelsestasjon.Epj.Sdk.National;

/// <summary>Who this party is on the national bus, and how it checks what it receives.</summary>
public sealed record NationalPartySettings
{
    public string HerId { get; init; } = "";
    public string Name { get; init; } = "";

    /// <summary>The AppRec version a counterpart expects ("1.0" or "1.1"), by its HER-id; "1.0" when not named.</summary>
    public Func<string, string> AppRecVersionOf { get; init; } = _ => "1.0";

    /// <summary>Our test certificates are made when missing (simulators, demo, tests); never in production.</summary>
    public bool CreateOwnTestCertificates { get; init; }

    /// <summary>Declare our queues at start (a broker of our own). On NHN's bus they exist already: set false.</summary>
    public bool DeclareQueues { get; init; } = true;

    /// <summary>The processes (AMQP subject) this party takes, as its agreement (CPA) lists them.</summary>
    public IReadOnlySet<string> Processes { get; init; } = NationalProcess.Supported;
}

/// <summary>One party on the national bus (the platform as helsenorge, or a journal): listens on its own queues, checks the
/// transport as HITS 1216 2.2.3 says (error queue for what cannot be opened or is spoofed, negative AppRec for what
/// cannot be read), hands the rest to its <see cref="INationalReceiver"/> and answers with an AppRec; sends signed and
/// encrypted messages, and synchronous requests that wait for their answer.</summary>
public sealed class NationalEndpoint(AmqpBus bus, NationalPartySettings settings, PartyCertificateFolder certificates, System.Xml.Schema.XmlSchemaSet? schemas, TimeProvider time, ILogger? logger = null)
{
    private readonly ILogger log = logger ?? NullLogger.Instance;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<NationalMessage>> pendingRequests = new(StringComparer.Ordinal);
    private INationalReceiver? receiver;

    // AMQP ids of messages already handled to the end, and MsgIds already answered with an AppRec (by sender): a second
    // copy is logged and dropped, with no second AppRec and no error report (HITS 1216 2.2.3 and 2.2.4). The last 100,000,
    // in this process.
    private readonly ConcurrentDictionary<string, Handling> handled = new(StringComparer.Ordinal);

    /// <summary>When a message was taken up, and whether its handling finished (a copy of one still in flight goes back to
    /// the queue: if the first handling fails, the broker's redelivery of that copy is what remains).</summary>
    private sealed record Handling(DateTimeOffset At, bool Done);

    private enum ClaimResult
    {
        Ours,
        Done,
        InFlight,
    }

    private const int HandledKept = 100_000;

    public string HerId => settings.HerId;

    /// <summary>How long a synchronous request waits for its answer (the sync queue's 15 seconds).</summary>
    public TimeSpan SyncTimeout { get; init; } = NationalQueues.SyncTimeToLive;

    /// <summary>Declares this party's queues and starts listening on them.</summary>
    public async Task StartAsync(INationalReceiver handler, CancellationToken cancellationToken)
    {
        receiver = handler;
        if (settings.DeclareQueues)
        {
            await bus.DeclareAsync(NationalQueues.All(settings.HerId), cancellationToken);
        }

        certificates.Own(settings.HerId, settings.CreateOwnTestCertificates);
        bus.Listen(NationalQueues.Async(settings.HerId), ReceiveAsyncMessage);
        bus.Listen(NationalQueues.Sync(settings.HerId), ReceiveSyncRequest);
        bus.Listen(NationalQueues.SyncReply(settings.HerId), ReceiveSyncReply);
        bus.Listen(NationalQueues.Error(settings.HerId), async (error, ct) =>
        {
            await handler.ReceiveTransportErrorAsync(error, ct);
            return DeliveryOutcome.Accept;
        });
    }

    /// <summary>Sends an asynchronous business message to its receiver's async queue (the party at level 1).</summary>
    public Task SendAsync(NationalMessage message, CancellationToken cancellationToken) =>
        SendAsync(message, message?.Receiver.HerId ?? "", cancellationToken);

    /// <summary>Sends an asynchronous business message to the async queue of the communication party
    /// <paramref name="toHerId"/> (HITS 1217 2.3: the party at level 2 when the receiver's organisation is at level 1),
    /// with <paramref name="amqpMessageId"/> as its AMQP id (the MsgId when null). A resend after the broker failed keeps
    /// the MsgId as its AMQP id; a resend after the receiver's error-queue report needs a new one (HITS 1216 2.2.5).</summary>
    public Task SendAsync(NationalMessage message, string toHerId, CancellationToken cancellationToken, string? amqpMessageId = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        // The MsgId is the AMQP id too unless told otherwise, so the receiver's error report (originalMessageId) names the
        // message it is about.
        return SendDocumentAsync(KithXml.Write(message), toHerId, NationalQueues.Async(toHerId), message.Process,
            NationalQueues.Async(settings.HerId), message.MsgId, amqpMessageId ?? message.MsgId, null, cancellationToken);
    }

    /// <summary>Sends a synchronous request and waits for the answer on our sync-reply queue.</summary>
    /// <exception cref="EpjTransportException">No answer within <see cref="SyncTimeout"/>.</exception>
    public Task<NationalMessage> RequestAsync(NationalMessage message, CancellationToken cancellationToken) =>
        RequestAsync(message, message?.Receiver.HerId ?? "", cancellationToken);

    /// <summary>Sends a synchronous request to the communication party <paramref name="toHerId"/> and waits for the answer.</summary>
    /// <exception cref="EpjTransportException">No answer within <see cref="SyncTimeout"/>.</exception>
    public async Task<NationalMessage> RequestAsync(NationalMessage message, string toHerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var correlation = Guid.NewGuid().ToString();
        var answer = new TaskCompletionSource<NationalMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        pendingRequests[correlation] = answer;
        try
        {
            await SendDocumentAsync(KithXml.Write(message), toHerId, NationalQueues.Sync(toHerId), message.Process,
                NationalQueues.SyncReply(settings.HerId), correlation, null, NationalQueues.SyncTimeToLive, cancellationToken);
            return await answer.Task.WaitAsync(SyncTimeout, cancellationToken);
        }
        catch (TimeoutException exception)
        {
            throw new EpjTransportException($"No answer to the synchronous {message.Process} request within {SyncTimeout.TotalSeconds:0} s.", exception);
        }
        finally
        {
            pendingRequests.TryRemove(correlation, out _);
        }
    }

    private async Task SendDocumentAsync(XDocument document, string toHerId, string queue, string process, string replyTo, string correlationId, string? messageId, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        if (schemas is not null && NationalSchemas.Validate(document, schemas) is { Count: > 0 } errors)
        {
            // Never send what the national schemas refuse: it is our bug, and the journal would answer T02.
            throw new InvalidOperationException($"The {process} message does not validate: {errors[0]}");
        }

        var peer = certificates.Counterpart(toHerId) ?? throw new EpjTransportException($"No certificates are configured for HER-id {toHerId}.");
        var own = certificates.Own(settings.HerId, settings.CreateOwnTestCertificates);
        var bytes = KithXml.ToBytes(document);
        await bus.SendAsync(queue, new NationalEnvelope
        {
            MessageId = messageId ?? Guid.NewGuid().ToString(),
            To = queue, Subject = process, ReplyTo = replyTo, CorrelationId = correlationId, FromHerId = settings.HerId, ToHerId = toHerId,
            ApplicationTimeStamp = time.GetUtcNow(), TimeToLive = ttl,
            Body = CmsProtection.SignThenEncrypt(bytes, own.Signing, peer.Encryption),
        }, cancellationToken);
    }

    private async Task<DeliveryOutcome> ReceiveAsyncMessage(NationalEnvelope envelope, CancellationToken cancellationToken)
    {
        // Claimed before the work, not recorded after it: a journal sends the next copy the moment it has our AppRec, and
        // that copy must find the id taken even if this handling has not returned yet. Released if the work does not
        // finish, so the broker's redelivery is handled.
        var amqpId = envelope.MessageId;
        if (amqpId.Length > 0 && Claim(amqpId) is var claim && claim != ClaimResult.Ours)
        {
            return await NotOursAsync(claim, envelope, "an AMQP id already handled", cancellationToken);
        }

        var outcome = DeliveryOutcome.Release;
        try
        {
            outcome = await HandleAsyncMessage(envelope, cancellationToken);
            return outcome;
        }
        finally
        {
            if (amqpId.Length > 0)
            {
                Finished(amqpId, outcome == DeliveryOutcome.Accept);
            }
        }
    }

    /// <summary>A copy of a message handled to the end is dropped (no second AppRec); one whose first copy is still being
    /// handled goes back to the queue after a pause, to be dropped or handled when that one has finished.</summary>
    private async Task<DeliveryOutcome> NotOursAsync(ClaimResult claim, NationalEnvelope envelope, string what, CancellationToken cancellationToken)
    {
        if (claim == ClaimResult.Done)
        {
            log.LogInformation("A message from HER-id {HerId} with {What} was dropped (no second AppRec).", envelope.FromHerId, what);
            return DeliveryOutcome.Accept;
        }

        log.LogInformation("A message from HER-id {HerId} with {What} arrived while the first is still handled; it goes back to the queue.", envelope.FromHerId, what);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        return DeliveryOutcome.Release;
    }

    private ClaimResult Claim(string key)
    {
        var now = time.GetUtcNow();
        if (!handled.TryAdd(key, new Handling(now, Done: false)))
        {
            return handled.TryGetValue(key, out var existing) && !existing.Done ? ClaimResult.InFlight : ClaimResult.Done;
        }

        if (handled.Count > HandledKept)
        {
            foreach (var oldest in handled.Where(h => h.Value.Done).OrderBy(h => h.Value.At).Take(HandledKept / 2).Select(h => h.Key).ToList())
            {
                handled.TryRemove(oldest, out _);
            }
        }

        return ClaimResult.Ours;
    }

    /// <summary>Done: later copies are dropped. Not done: forgotten, so the broker's redelivery is handled.</summary>
    private void Finished(string key, bool done)
    {
        if (done)
        {
            handled[key] = new Handling(time.GetUtcNow(), Done: true);
        }
        else
        {
            handled.TryRemove(key, out _);
        }
    }

    private async Task<DeliveryOutcome> HandleAsyncMessage(NationalEnvelope envelope, CancellationToken cancellationToken)
    {
        var document = await OpenAsync(envelope, cancellationToken);
        if (document is null)
        {
            return DeliveryOutcome.Accept;
        }

        if (document.Root?.Name.LocalName == "AppRec")
        {
            var appRec = AppRecXml.Read(document);
            if (await SenderMatchesAsync(envelope, appRec.Sender, cancellationToken))
            {
                await receiver!.ReceiveAppRecAsync(appRec with { TransportSenderHerId = envelope.FromHerId }, cancellationToken);
            }

            return DeliveryOutcome.Accept;
        }

        var (message, refusal) = Read(envelope, document);
        if (message is null)
        {
            await ReplyAppRecAsync(envelope, refusal!.Value.Original, refusal.Value.Process, NationalReceipt.Rejected(refusal.Value.Code, refusal.Value.Why), cancellationToken);
            return DeliveryOutcome.Accept;
        }

        if (!await SenderMatchesAsync(envelope, message.Sender, cancellationToken))
        {
            return DeliveryOutcome.Accept;
        }

        // A MsgId answered before is a duplicate: discarded, its AppRec sent once only (HITS 1216 2.2.4). The receiver is
        // idempotent too, so after a restart (this memory is gone) a redelivery gets its AppRec rather than none.
        // Claimed before the work, as the AMQP id above.
        var answeredKey = $"msg:{envelope.FromHerId}/{message.MsgId}";
        if (Claim(answeredKey) is var claim && claim != ClaimResult.Ours)
        {
            return await NotOursAsync(claim, envelope, "a MsgId already answered", cancellationToken);
        }

        var answered = false;
        try
        {
            // HITS 1217 2.3 names both levels (virksomhet, kommunikasjonspart); the queue's owner is either.
            var receipt = message.Receiver.HerId != settings.HerId && message.Receiver.UnitHerId != settings.HerId
                ? NationalReceipt.Rejected("E10", "The message's receiver is not the queue's owner.")
                : await receiver!.ReceiveAsync(message with { TransportSenderHerId = envelope.FromHerId }, cancellationToken);
            if (receipt is not null)
            {
                await ReplyAppRecAsync(envelope, message.MsgId, message.Process, receipt, cancellationToken, message.GenDate);
                answered = true;
            }
        }
        finally
        {
            Finished(answeredKey, answered);
        }

        return DeliveryOutcome.Accept;
    }

    private async Task<DeliveryOutcome> ReceiveSyncRequest(NationalEnvelope envelope, CancellationToken cancellationToken)
    {
        var document = await OpenAsync(envelope, cancellationToken);
        if (document is null)
        {
            return DeliveryOutcome.Accept;
        }

        var (message, refusal) = Read(envelope, document);
        if (message is null)
        {
            log.LogInformation("A synchronous request from {HerId} could not be read ({Code}); it gets no answer.", envelope.FromHerId, refusal!.Value.Code);
            return DeliveryOutcome.Accept;
        }

        if (!await SenderMatchesAsync(envelope, message.Sender, cancellationToken))
        {
            return DeliveryOutcome.Accept;
        }

        var answer = await receiver!.AnswerAsync(message with { TransportSenderHerId = envelope.FromHerId }, cancellationToken);
        var replyQueue = string.IsNullOrEmpty(envelope.ReplyTo) ? NationalQueues.SyncReply(envelope.FromHerId) : envelope.ReplyTo;
        await SendDocumentAsync(KithXml.Write(answer), envelope.FromHerId, replyQueue, answer.Process, NationalQueues.SyncReply(settings.HerId), envelope.CorrelationId, null, NationalQueues.SyncTimeToLive, cancellationToken);
        return DeliveryOutcome.Accept;
    }

    private async Task<DeliveryOutcome> ReceiveSyncReply(NationalEnvelope envelope, CancellationToken cancellationToken)
    {
        var document = await OpenAsync(envelope, cancellationToken);
        if (document is not null && pendingRequests.TryGetValue(envelope.CorrelationId, out var waiting))
        {
            var (message, _) = Read(envelope, document);
            if (message is not null)
            {
                waiting.TrySetResult(message);
            }
        }

        // An answer nobody waits for any more (it came after the 15 seconds, or to another host) is dropped.
        return DeliveryOutcome.Accept;
    }

    /// <summary>Decrypts and verifies; what fails goes to the sender's error queue and has no effect.</summary>
    private async Task<XDocument?> OpenAsync(NationalEnvelope envelope, CancellationToken cancellationToken)
    {
        var missing = new[] { ("messageId", envelope.MessageId), ("fromHerId", envelope.FromHerId), ("toHerId", envelope.ToHerId), ("subject", envelope.Subject) }
            .Where(f => string.IsNullOrEmpty(f.Item2)).Select(f => f.Item1).ToList();
        if (envelope.ApplicationTimeStamp == default)
        {
            missing.Add("applicationTimeStamp");
        }

        if (envelope.Body is null)
        {
            missing.Add("body");
        }

        if (missing.Count > 0)
        {
            await ReportAsync(envelope, TransportErrors.RequiredFieldMissing, $"Missing or invalid value in field: '{missing[0]}'.", $"[\"{string.Join("\",\"", missing)}\"]", cancellationToken);
            return null;
        }

        if (envelope.ToHerId != settings.HerId)
        {
            await ReportAsync(envelope, TransportErrors.InvalidFieldValue, "Invalid value in field: 'toHerId'.", "[\"toHerId\"]", cancellationToken);
            return null;
        }

        if (!settings.Processes.Contains(envelope.Subject))
        {
            await ReportAsync(envelope, TransportErrors.UnsupportedMessage, $"The communication process {envelope.Subject} is not supported.", null, cancellationToken);
            return null;
        }

        var peer = certificates.Counterpart(envelope.FromHerId);
        if (peer is null)
        {
            await ReportAsync(envelope, TransportErrors.InvalidCertificate, "Could not verify the message: the sender is not a known communication party.", null, cancellationToken);
            return null;
        }

        var opened = CmsProtection.DecryptThenVerify(envelope.Body!, certificates.Own(settings.HerId, settings.CreateOwnTestCertificates).Encryption, peer.Signing, time.GetUtcNow());
        if (!opened.Succeeded)
        {
            await ReportAsync(envelope, opened.ErrorCondition!, opened.ErrorDescription!, opened.ErrorData, cancellationToken);
            return null;
        }

        try
        {
            return KithXml.Parse(opened.Content!);
        }
        catch (NationalFormatException)
        {
            // Not XML at all, so no header to read a MsgId or a sender from: HITS 1216 sends it to the error queue. (A
            // header that reads with nothing readable in it gets the AppRec T01.)
            await ReportAsync(envelope, TransportErrors.NotWellFormedXml, "XML cannot be interpreted.", null, cancellationToken);
            return null;
        }
    }

    private (NationalMessage? Message, (string Original, string Process, string Code, string Why)? Refusal) Read(NationalEnvelope envelope, XDocument document)
    {
        if (schemas is not null && NationalSchemas.Validate(document, schemas) is { Count: > 0 } errors)
        {
            var id = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "MsgId")?.Value ?? envelope.MessageId;
            return (null, (id, envelope.Subject, "T02", $"The message does not validate against the national schemas: {errors[0]}"));
        }

        try
        {
            return (KithXml.Read(document), null);
        }
        catch (NationalFormatException exception)
        {
            var id = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "MsgId")?.Value ?? envelope.MessageId;
            return (null, (id, envelope.Subject, exception.Code, exception.Message));
        }
    }

    /// <summary>The transport's sender must be the message's sender (HITS 1216: else a spoofing attempt, no effect).</summary>
    /// <summary>The transport's sender is the MsgHead's (or AppRec's) sender, at either organisation level: a party that
    /// writes another's HER-id has no effect and is told so on its error queue.</summary>
    private async Task<bool> SenderMatchesAsync(NationalEnvelope envelope, NationalParty sender, CancellationToken cancellationToken)
    {
        if (sender.HerId == envelope.FromHerId || sender.UnitHerId == envelope.FromHerId)
        {
            return true;
        }

        await ReportAsync(envelope, TransportErrors.Spoofing, "Possible spoofing attack detected.", $"{{\"amqp\":[\"{envelope.FromHerId}\"],\"application\":[\"{sender.HerId}\"]}}", cancellationToken);
        return false;
    }

    private async Task ReportAsync(NationalEnvelope failed, string condition, string description, string? data, CancellationToken cancellationToken)
    {
        log.LogWarning("A message from HER-id {HerId} goes to its error queue: {Condition}.", failed.FromHerId, condition);
        if (string.IsNullOrEmpty(failed.FromHerId))
        {
            return;
        }

        await bus.SendAsync(NationalQueues.Error(failed.FromHerId), new NationalEnvelope
        {
            To = NationalQueues.Error(failed.FromHerId), Subject = failed.Subject, CorrelationId = failed.CorrelationId, FromHerId = settings.HerId, ToHerId = failed.FromHerId,
            ApplicationTimeStamp = time.GetUtcNow(), OriginalMessageId = failed.MessageId, ErrorCondition = condition, ErrorDescription = description, ErrorConditionData = data,
            ReplyTo = NationalQueues.Error(settings.HerId), ContentType = "text/plain",
        }, cancellationToken);
    }

    /// <summary>An AppRec sent later than the message's receipt (see <see cref="INationalReceiver.ReceiveAsync"/>).</summary>
    public Task SendAppRecAsync(string toHerId, string originalMsgId, string process, NationalReceipt receipt, CancellationToken cancellationToken) =>
        ReplyAppRecAsync(new NationalEnvelope { FromHerId = toHerId, ApplicationTimeStamp = time.GetUtcNow(), MessageId = originalMsgId }, originalMsgId, process, receipt, cancellationToken);

    // originalIssued: the answered message's GenDate (AppRec's OriginalMsgId/IssueDate); when it could not be read, the
    // transport's applicationTimeStamp.
    private async Task ReplyAppRecAsync(NationalEnvelope envelope, string originalMsgId, string process, NationalReceipt receipt, CancellationToken cancellationToken, DateTimeOffset? originalIssued = null)
    {
        var appRec = new NationalAppRec
        {
            Version = settings.AppRecVersionOf(envelope.FromHerId),
            MsgId = Guid.NewGuid().ToString(), GenDate = time.GetUtcNow(),
            Sender = new NationalParty(settings.HerId, settings.Name), Receiver = new NationalParty(envelope.FromHerId, envelope.FromHerId),
            Status = receipt.Status, Errors = receipt.Errors,
            OriginalMsgId = originalMsgId, OriginalProcess = string.IsNullOrEmpty(process) ? NationalProcess.EKontakt : process, OriginalIssueDate = originalIssued ?? (envelope.ApplicationTimeStamp == default ? time.GetUtcNow() : envelope.ApplicationTimeStamp),
        };
        // Its AMQP correlation id is the answered message's AMQP id, so the sender can match it without opening it.
        await SendDocumentAsync(AppRecXml.Write(appRec), envelope.FromHerId, NationalQueues.Async(envelope.FromHerId), NationalProcess.AppRec,
            NationalQueues.Async(settings.HerId), envelope.MessageId, null, null, cancellationToken);
    }
}
