using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace DigiHelsestasjon.Epj.Sdk.Conformance
{
    // The citizen-message process: idempotent delivery, rejections that say why, receipts and the journaled outcome.
    public static partial class ConformanceChecks
    {
        /// <summary>The same MessageId twice: the same answer, one journal entry.</summary>
        public static async Task Duplicate_delivery_is_answered_with_the_original_result(ConformanceContext context, CancellationToken cancellationToken)
        {
            var message = NewMessage(context);
            var first = await context.Connector.DeliverMessageAsync(message, cancellationToken).ConfigureAwait(false);
            var firstOutcome = await OutcomeOfAsync(context, message.MessageId, first).ConfigureAwait(false);
            var second = await context.Connector.DeliverMessageAsync(message, cancellationToken).ConfigureAwait(false);
            var secondOutcome = second.Outcome ?? firstOutcome;
            Expect(second.MessageId == message.MessageId, "the duplicate's acknowledgement names another MessageId");
            Expect(second.Receipt is null || second.Receipt.Status == ReceiptStatus.Ok, $"the duplicate was answered {second.Receipt?.Status}, not with the original OK");
            Expect(secondOutcome.DocumentReference == firstOutcome.DocumentReference,
                $"the duplicate was journaled again (document {secondOutcome.DocumentReference}, first {firstOutcome.DocumentReference})");
            await ExpectOneEntryAsync(context, message.MessageId, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The answer is lost; the platform sends again; the journal holds it once.</summary>
        public static async Task Redelivery_after_a_lost_acknowledgement_is_journaled_once(ConformanceContext context, CancellationToken cancellationToken)
        {
            var message = NewMessage(context);
            var lost = context.Journal is not null && await context.Journal.LoseNextAcknowledgementAsync(cancellationToken).ConfigureAwait(false);
            EpjAcknowledgement? firstAck = null;
            try
            {
                firstAck = await context.Connector.DeliverMessageAsync(message, cancellationToken).ConfigureAwait(false);
                Expect(!lost, "the journal was told to lose the acknowledgement but answered");
            }
            catch (EpjTransportException) when (lost)
            {
                // Expected: the journal processed it and the answer was lost.
            }

            // The platform retries later, after a restart, with a copy of the same message.
            var redelivered = await context.Connector.DeliverMessageAsync(message with { }, cancellationToken).ConfigureAwait(false);
            var receipt = await ReceiptOfAsync(context, message.MessageId, redelivered).ConfigureAwait(false);
            Expect(receipt.Status == ReceiptStatus.Ok, $"the redelivery was answered {receipt.Status} ({receipt.Category}): {Errors(receipt)}");
            if (firstAck?.Outcome is { } original && redelivered.Outcome is { } again)
            {
                Expect(original.DocumentReference == again.DocumentReference, "the redelivery was journaled as a new document");
            }

            await ExpectOneEntryAsync(context, message.MessageId, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Invalid content is rejected as poison (never transient), and again on a retry.</summary>
        public static async Task Invalid_content_is_refused_as_poison(ConformanceContext context, CancellationToken cancellationToken)
        {
            var message = NewMessage(context) with { Body = "", Subject = "" };
            foreach (var attempt in new[] { "first", "second" })
            {
                var ack = await context.Connector.DeliverMessageAsync(message, cancellationToken).ConfigureAwait(false);
                var receipt = await ReceiptOfAsync(context, message.MessageId, ack).ConfigureAwait(false);
                Expect(receipt.Status == ReceiptStatus.Rejected, $"an empty message was answered {receipt.Status} on the {attempt} delivery");
                Expect(receipt.Category == EpjErrorCategory.Poison, $"an empty message was rejected as {receipt.Category}, not Poison (the platform would retry it)");
            }
        }

        /// <summary>A patient the journal does not hold: rejected with E35.</summary>
        public static async Task Unknown_patient_answers_E35(ConformanceContext context, CancellationToken cancellationToken)
        {
            var message = NewMessage(context) with { PatientPid = context.Patients.UnknownPatientPid };
            var ack = await context.Connector.DeliverMessageAsync(message, cancellationToken).ConfigureAwait(false);
            var receipt = await ReceiptOfAsync(context, message.MessageId, ack).ConfigureAwait(false);
            Expect(receipt.Status == ReceiptStatus.Rejected, $"a message about an unknown patient was answered {receipt.Status}");
            Expect(receipt.Errors.Any(e => e.Code == EpjErrorCodes.UnknownPatient && e.Category == EpjErrorCategory.UnknownPatient),
                $"the rejection carries [{string.Join(", ", receipt.Errors.Select(e => $"{e.Code}/{e.Category}"))}], not E35/UnknownPatient");
        }

        /// <summary>Concurrent messages: each answer names its own message.</summary>
        public static async Task Receipts_correlate_to_the_original_message_id(ConformanceContext context, CancellationToken cancellationToken)
        {
            var messages = Enumerable.Range(0, 3).Select(_ => NewMessage(context)).ToList();
            var acks = await Task.WhenAll(messages.Select(m => context.Connector.DeliverMessageAsync(m, cancellationToken))).ConfigureAwait(false);
            for (var i = 0; i < messages.Count; i++)
            {
                Expect(acks[i].MessageId == messages[i].MessageId, "an acknowledgement names another message");
                var receipt = await ReceiptOfAsync(context, messages[i].MessageId, acks[i]).ConfigureAwait(false);
                Expect(receipt.OriginalMessageId == messages[i].MessageId, "a receipt's OriginalMessageId is not the message's MessageId");
                var outcome = acks[i].Outcome;
                Expect(outcome is null || outcome.OriginalMessageId == messages[i].MessageId, "an outcome's OriginalMessageId is not the message's MessageId");
            }
        }

        /// <summary>Larger than declared, or an undeclared attachment type: refused, not retried.</summary>
        public static async Task Messages_over_the_size_limit_are_refused(ConformanceContext context, CancellationToken cancellationToken)
        {
            var capabilities = await context.Connector.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
            var contentType = capabilities.AttachmentContentTypes.FirstOrDefault() ?? "application/pdf";
            var tooLarge = NewMessage(context) with
            {
                Attachments = new[] { new EpjAttachment { FileName = "stor.pdf", ContentType = contentType, Content = new byte[capabilities.MaxPayloadBytes + 1] } },
            };
            var ack = await context.Connector.DeliverMessageAsync(tooLarge, cancellationToken).ConfigureAwait(false);
            var receipt = await ReceiptOfAsync(context, tooLarge.MessageId, ack).ConfigureAwait(false);
            Expect(receipt.Status == ReceiptStatus.Rejected, $"a message of {capabilities.MaxPayloadBytes + 1} bytes (limit {capabilities.MaxPayloadBytes}) was answered {receipt.Status}");
            Expect(receipt.Category is EpjErrorCategory.Poison or EpjErrorCategory.UnsupportedCapability,
                $"the size rejection is {receipt.Category}: the platform would retry it");

            var undeclared = NewMessage(context) with
            {
                Attachments = new[] { new EpjAttachment { FileName = "program.exe", ContentType = "application/x-msdownload", Content = new byte[] { 1, 2, 3 } } },
            };
            var undeclaredReceipt = await ReceiptOfAsync(context, undeclared.MessageId, await context.Connector.DeliverMessageAsync(undeclared, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            Expect(undeclaredReceipt.Status == ReceiptStatus.Rejected && undeclaredReceipt.Category is EpjErrorCategory.Poison or EpjErrorCategory.UnsupportedCapability,
                $"an undeclared attachment type was answered {undeclaredReceipt.Status}/{undeclaredReceipt.Category}");
        }

        /// <summary>A valid message ends journaled, with the journal's document reference.</summary>
        public static async Task The_journaled_outcome_eventually_arrives(ConformanceContext context, CancellationToken cancellationToken)
        {
            var message = NewMessage(context);
            var ack = await context.Connector.DeliverMessageAsync(message, cancellationToken).ConfigureAwait(false);
            var receipt = await ReceiptOfAsync(context, message.MessageId, ack).ConfigureAwait(false);
            Expect(receipt.Status == ReceiptStatus.Ok, $"a valid message was answered {receipt.Status} ({receipt.Category}): {Errors(receipt)}");
            var outcome = await OutcomeOfAsync(context, message.MessageId, ack).ConfigureAwait(false);
            Expect(outcome.Kind == OutcomeKind.Journaled, $"the outcome is {outcome.Kind}, not Journaled");
            Expect(!string.IsNullOrEmpty(outcome.DocumentReference), "the journaled outcome has no document reference");
        }
    }
}
