using System;
using System.Threading;
using System.Threading.Tasks;

namespace DigiHelsestasjon.Epj.Sdk.Conformance
{
    // The optional youth-chat transcript process.
    public static partial class ConformanceChecks
    {
        /// <summary>Optional (declared <see cref="EpjProcess.YouthChatTranscript"/>): a consented transcript is journaled, and a copy
        /// with the same MessageId is answered with the original result and one journal entry.</summary>
        public static async Task Declared_transcripts_are_journaled_once(ConformanceContext context, CancellationToken cancellationToken)
        {
            var capabilities = await context.Connector.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
            if (!capabilities.Supports(EpjProcess.YouthChatTranscript))
            {
                throw new ConformanceSkipped("Youth-chat transcripts are not declared; the platform sends a consented chat as the youth's message instead.");
            }

            var transcripts = context.Connector as IEpjYouthChatTranscripts
                ?? throw new ConformanceFailure($"YouthChatTranscript is declared, but the connector ({context.Connector.GetType().Name}) does not implement IEpjYouthChatTranscripts.");
            var now = context.Clock();
            var transcript = new YouthChatTranscript
            {
                MessageId = Guid.NewGuid(),
                PatientPid = context.Patients.KnownPatientPid,
                UnitHerId = context.Patients.UnitHerId,
                ConsentedAt = now,
                Lines = new[]
                {
                    new TranscriptLine { At = now.AddMinutes(-6), From = "youth", Text = "Hei, kan jeg spørre om noe?" },
                    new TranscriptLine { At = now.AddMinutes(-5), From = "nurse", Text = "Selvfølgelig. Hva lurer du på?" },
                },
            };
            var ack = await transcripts.DeliverTranscriptAsync(transcript, cancellationToken).ConfigureAwait(false);
            var receipt = await ReceiptOfAsync(context, transcript.MessageId, ack).ConfigureAwait(false);
            Expect(receipt.Status == ReceiptStatus.Ok, $"a consented transcript was answered {receipt.Status}: {Errors(receipt)}");
            var outcome = await OutcomeOfAsync(context, transcript.MessageId, ack).ConfigureAwait(false);
            Expect(outcome.Kind == OutcomeKind.Journaled && !string.IsNullOrEmpty(outcome.DocumentReference), $"the transcript's outcome is {outcome.Kind} without a document reference, not Journaled");
            var again = await transcripts.DeliverTranscriptAsync(transcript with { }, cancellationToken).ConfigureAwait(false);
            var againOutcome = again.Outcome ?? outcome;
            Expect(again.Receipt is null || again.Receipt.Status == ReceiptStatus.Ok, $"the transcript sent again was answered {again.Receipt?.Status}, not with the original OK");
            Expect(againOutcome.DocumentReference == outcome.DocumentReference, $"the transcript sent again was journaled again (document {againOutcome.DocumentReference}, first {outcome.DocumentReference})");
            await ExpectOneEntryAsync(context, transcript.MessageId, cancellationToken).ConfigureAwait(false);
        }
    }
}
