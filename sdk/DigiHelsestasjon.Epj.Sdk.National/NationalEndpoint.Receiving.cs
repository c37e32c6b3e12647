using DigiHelsestasjon.Epj.Sdk.National.Amqp;
using DigiHelsestasjon.Epj.Sdk.National.Kith;
using Microsoft.Extensions.Logging;

namespace DigiHelsestasjon.Epj.Sdk.National;

// Listening: the async queue (claimed once per copy, answered with an AppRec), synchronous requests and their replies.
public sealed partial class NationalEndpoint
{
    private async Task<DeliveryOutcome> ReceiveAsyncMessage(NationalEnvelope envelope, CancellationToken cancellationToken)
    {
        // Claimed before the work, not recorded after it: a journal sends the next copy the moment it has our AppRec, and
        // that copy must find the id taken even if this handling has not returned yet. Released if the work does not
        // finish, so the broker's redelivery is handled.
        var amqpId = envelope.MessageId;
        if (amqpId.Length > 0 && handled.Claim(amqpId) is var claim && claim != ClaimResult.Ours)
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
                handled.Finished(amqpId, outcome == DeliveryOutcome.Accept);
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
        if (handled.Claim(answeredKey) is var claim && claim != ClaimResult.Ours)
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
            handled.Finished(answeredKey, answered);
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
}
