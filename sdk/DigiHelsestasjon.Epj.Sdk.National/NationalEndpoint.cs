using System.Collections.Concurrent;
using System.Xml.Linq;
using DigiHelsestasjon.Epj.Sdk.National.Amqp;
using DigiHelsestasjon.Epj.Sdk.National.Kith;
using DigiHelsestasjon.Epj.Sdk.National.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigiHelsestasjon.Epj.Sdk.National;

/// <summary>One party on the national bus (the platform as helsenorge, or a journal): listens on its own queues, checks the
/// transport as HITS 1216 2.2.3 says (error queue for what cannot be opened or is spoofed, negative AppRec for what
/// cannot be read), hands the rest to its <see cref="INationalReceiver"/> and answers with an AppRec; sends signed and
/// encrypted messages, and synchronous requests that wait for their answer.</summary>
public sealed partial class NationalEndpoint(AmqpBus bus, NationalPartySettings settings, PartyCertificateFolder certificates, System.Xml.Schema.XmlSchemaSet? schemas, TimeProvider time, ILogger? logger = null)
{
    private readonly ILogger log = logger ?? NullLogger.Instance;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<NationalMessage>> pendingRequests = new(StringComparer.Ordinal);
    private INationalReceiver? receiver;

    // A second copy of a message is dropped, with no second AppRec (HITS 1216 2.2.3 and 2.2.4).
    private readonly HandledMessages handled = new(time);

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
