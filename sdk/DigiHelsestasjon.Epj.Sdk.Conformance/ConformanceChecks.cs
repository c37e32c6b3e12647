using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace DigiHelsestasjon.Epj.Sdk.Conformance
{
    /// <summary>Every check the EPJ contract asks of a connector (the vendor guide lists them). Plain async code without a test framework,
    /// so the platform can run them against a live connection (the acceptance test).</summary>
    public static partial class ConformanceChecks
    {
        /// <summary>All checks, in the order they are reported.</summary>
        public static IReadOnlyList<ConformanceCheck> All { get; } = new[]
        {
            Check(nameof(Declares_capabilities_the_platform_can_negotiate), false, Declares_capabilities_the_platform_can_negotiate),
            Check(nameof(Duplicate_delivery_is_answered_with_the_original_result), false, Duplicate_delivery_is_answered_with_the_original_result),
            Check(nameof(Redelivery_after_a_lost_acknowledgement_is_journaled_once), false, Redelivery_after_a_lost_acknowledgement_is_journaled_once),
            Check(nameof(Invalid_content_is_refused_as_poison), false, Invalid_content_is_refused_as_poison),
            Check(nameof(Unknown_patient_answers_E35), false, Unknown_patient_answers_E35),
            Check(nameof(Receipts_correlate_to_the_original_message_id), false, Receipts_correlate_to_the_original_message_id),
            Check(nameof(Messages_over_the_size_limit_are_refused), false, Messages_over_the_size_limit_are_refused),
            Check(nameof(Synchronous_calls_answer_within_the_time_limit), false, Synchronous_calls_answer_within_the_time_limit),
            Check(nameof(The_journaled_outcome_eventually_arrives), false, The_journaled_outcome_eventually_arrives),
            Check(nameof(Appointment_versions_increase_with_every_change), true, Appointment_versions_increase_with_every_change),
            Check(nameof(Cancellation_is_accepted), true, Cancellation_is_accepted),
            Check(nameof(Cancellation_is_refused_with_a_reason), true, Cancellation_is_refused_with_a_reason),
            Check(nameof(Cancellation_requiring_approval_waits_for_staff), true, Cancellation_requiring_approval_waits_for_staff),
            Check(nameof(Declared_slot_booking_offers_and_reserves_slots), false, Declared_slot_booking_offers_and_reserves_slots),
            Check(nameof(Declared_health_records_answer_within_the_time_limit), false, Declared_health_records_answer_within_the_time_limit),
            Check(nameof(Declared_transcripts_are_journaled_once), false, Declared_transcripts_are_journaled_once),
        };

        /// <summary>The contract version negotiates and the required processes are declared.</summary>
        public static async Task Declares_capabilities_the_platform_can_negotiate(ConformanceContext context, CancellationToken cancellationToken)
        {
            var capabilities = await context.Connector.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
            Expect(EpjContract.Negotiate(EpjContract.SupportedVersions, capabilities.ContractVersions) is not null,
                $"declared contract versions [{string.Join(", ", capabilities.ContractVersions)}] share none with [{string.Join(", ", EpjContract.SupportedVersions)}]");
            // A journal that publishes every appointment as it changes (the national Avtaleutsending) is never asked for them.
            var required = capabilities.PublishesAllAppointments
                ? new[] { EpjProcess.CitizenMessage, EpjProcess.Cancellation }
                : new[] { EpjProcess.CitizenMessage, EpjProcess.Cancellation, EpjProcess.PlannedAppointments };
            foreach (var process in required)
            {
                Expect(capabilities.Supports(process), $"the required process {process} is not declared");
            }

            Expect(capabilities.MaxPayloadBytes > 0, "MaxPayloadBytes must be positive");
            Expect(capabilities.SynchronousTimeLimitMs > 0, "SynchronousTimeLimitMs must be positive");
        }

        /// <summary>A valid message to the known patient that opens a new thread (so its id is the thread's, as the platform
        /// sends a thread's first message).</summary>
        public static CitizenMessage NewMessage(ConformanceContext context)
        {
            var id = Guid.NewGuid();
            return new CitizenMessage
            {
                MessageId = id,
                ConversationId = id,
                PatientPid = context.Patients.KnownPatientPid,
                SenderRelation = "self",
                SenderName = "Konformitet Test",
                UnitHerId = context.Patients.UnitHerId,
                Subject = "Spørsmål",
                Body = "Hei! Dette er en testmelding fra samsvarstesten.",
                SentAt = context.Clock(),
            };
        }

        private static CancellationRequest NewCancellation(ConformanceContext context, string appointmentId) => new CancellationRequest
        {
            MessageId = Guid.NewGuid(),
            AppointmentId = appointmentId,
            PatientPid = context.Patients.KnownPatientPid,
            UnitHerId = context.Patients.UnitHerId,
            Reason = "Vi er bortreist.",
            RequestedAt = context.Clock(),
        };

        private static async Task<ApplicationReceipt> ReceiptOfAsync(ConformanceContext context, Guid messageId, EpjAcknowledgement ack)
        {
            if (ack.Receipt is not null)
            {
                return ack.Receipt;
            }

            var platform = context.Platform ?? throw new ConformanceSkipped("The receipt comes later and the journal's messages to the platform cannot be observed here.");
            var later = await platform.WaitForAsync<OutcomeReported>(o => o.OriginalMessageId == messageId && o.Receipt is not null, context.EventualTimeout, "the application receipt").ConfigureAwait(false);
            return later.Receipt!;
        }

        private static async Task<BusinessOutcome> OutcomeOfAsync(ConformanceContext context, Guid messageId, EpjAcknowledgement ack)
        {
            if (ack.Outcome is not null)
            {
                return ack.Outcome;
            }

            // A rejection ends the message: no outcome will follow, so say what was rejected now instead of waiting for one.
            ExpectNotRejected(ack.Receipt, "in the synchronous answer");
            var platform = context.Platform ?? throw new ConformanceSkipped("The outcome comes later and the journal's messages to the platform cannot be observed here.");
            var later = await platform.WaitForAsync<OutcomeReported>(
                o => o.OriginalMessageId == messageId && (o.Outcome is not null || o.Receipt?.Status == ReceiptStatus.Rejected), context.EventualTimeout, "the business outcome").ConfigureAwait(false);
            ExpectNotRejected(later.Receipt, "in a later receipt");
            return later.Outcome!;
        }

        /// <summary>The receipt's errors as "code description; ...", for a failure message.</summary>
        private static string Errors(ApplicationReceipt receipt) => string.Join("; ", receipt.Errors.Select(e => $"{e.Code} {e.Description}"));

        private static void ExpectNotRejected(ApplicationReceipt? receipt, string where)
        {
            if (receipt is { Status: ReceiptStatus.Rejected })
            {
                throw new ConformanceFailure(
                    $"the journal rejected the message {where} ({receipt.Category}): {Errors(receipt)}; a journaled outcome was expected");
            }
        }

        private static async Task ExpectOneEntryAsync(ConformanceContext context, Guid messageId, CancellationToken cancellationToken)
        {
            if (context.Journal is not null)
            {
                var entries = await context.Journal.CountEntriesAsync(messageId, cancellationToken).ConfigureAwait(false);
                Expect(entries == 1, $"the journal holds {entries} entries for one MessageId");
            }
        }

        private static (IEpjTestJournal Journal, RecordingEpjPlatform Platform) NeedJournal(ConformanceContext context) =>
            context.Journal is not null && context.Platform is not null
                ? (context.Journal, context.Platform)
                : throw new ConformanceSkipped("Needs a test journal (staff actions) and the journal's messages to the platform.");

        private static void Expect(bool condition, string failure)
        {
            if (!condition)
            {
                throw new ConformanceFailure(failure);
            }
        }

        private static ConformanceCheck Check(string name, bool needsJournal, Func<ConformanceContext, CancellationToken, Task> run) =>
            new ConformanceCheck { Name = name, NeedsTestJournal = needsJournal, Run = run };
    }
}
