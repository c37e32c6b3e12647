using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace DigiHelsestasjon.Epj.Sdk.Conformance
{
    /// <summary>One check of the kit.</summary>
    public sealed record ConformanceCheck
    {
        /// <summary>The name, as in the xunit test and the skip list.</summary>
        public string Name { get; init; } = "";

        /// <summary>True when the check acts as staff through <see cref="IEpjTestJournal"/>.</summary>
        public bool NeedsTestJournal { get; init; }

        /// <summary>Runs the check; throws <see cref="ConformanceFailure"/> when the connector fails it.</summary>
        public Func<ConformanceContext, CancellationToken, Task> Run { get; init; } = (_, _) => Task.CompletedTask;
    }

    /// <summary>Every check the EPJ contract asks of a connector (the vendor guide lists them). Plain async code without a test framework,
    /// so the platform can run them against a live connection (the acceptance test).</summary>
    public static class ConformanceChecks
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

        /// <summary>Planned appointments answer within the declared limit.</summary>
        public static async Task Synchronous_calls_answer_within_the_time_limit(ConformanceContext context, CancellationToken cancellationToken)
        {
            var capabilities = await context.Connector.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
            var now = context.Clock();
            var watch = Stopwatch.StartNew();
            var appointments = await context.Connector.GetPlannedAppointmentsAsync(
                new PlannedAppointmentsQuery { PatientPid = context.Patients.KnownPatientPid, From = now.AddDays(-30), To = now.AddDays(365) },
                cancellationToken).ConfigureAwait(false);
            watch.Stop();
            Expect(appointments is not null, "planned appointments answered null");
            Expect(watch.ElapsedMilliseconds <= capabilities.SynchronousTimeLimitMs,
                $"planned appointments took {watch.ElapsedMilliseconds} ms, over the declared {capabilities.SynchronousTimeLimitMs} ms");
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

        /// <summary>Each change is published with a higher version, so a late older one can be recognised.</summary>
        public static async Task Appointment_versions_increase_with_every_change(ConformanceContext context, CancellationToken cancellationToken)
        {
            var (journal, platform) = NeedJournal(context);
            var start = context.Clock().AddDays(14);
            var id = await journal.BookAppointmentAsync(context.Patients.KnownPatientPid, context.Patients.UnitHerId, start, "Konsultasjon", cancellationToken).ConfigureAwait(false);
            await journal.ChangeAppointmentAsync(id, start.AddHours(1), cancellationToken).ConfigureAwait(false);
            await journal.ChangeAppointmentAsync(id, start.AddHours(2), cancellationToken).ConfigureAwait(false);
            var created = await platform.WaitForAsync<AppointmentPublished>(a => a.Appointment.AppointmentId == id && a.Change == AppointmentChange.Created, context.EventualTimeout, "the booked appointment").ConfigureAwait(false);
            var first = await platform.WaitForAsync<AppointmentPublished>(a => a.Appointment.AppointmentId == id && a.Appointment.Start == start.AddHours(1), context.EventualTimeout, "the first change").ConfigureAwait(false);
            var second = await platform.WaitForAsync<AppointmentPublished>(a => a.Appointment.AppointmentId == id && a.Appointment.Start == start.AddHours(2), context.EventualTimeout, "the second change").ConfigureAwait(false);
            Expect(created.Appointment.Version < first.Appointment.Version && first.Appointment.Version < second.Appointment.Version,
                $"versions do not increase with the changes: created {created.Appointment.Version}, first change {first.Appointment.Version}, second change {second.Appointment.Version}");
            Expect(new[] { created, first, second }.Select(m => m.MessageId).Distinct().Count() == 3, "two versions share a MessageId");
        }

        /// <summary>A cancellation ends cancelled: at once, or after the health service accepts it.</summary>
        public static async Task Cancellation_is_accepted(ConformanceContext context, CancellationToken cancellationToken)
        {
            var (journal, platform) = NeedJournal(context);
            var capabilities = await context.Connector.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
            var id = await journal.BookAppointmentAsync(context.Patients.KnownPatientPid, context.Patients.UnitHerId, context.Clock().AddDays(7), "Konsultasjon", cancellationToken).ConfigureAwait(false);
            var request = NewCancellation(context, id);
            var ack = await context.Connector.RequestCancellationAsync(request, cancellationToken).ConfigureAwait(false);
            var outcome = await OutcomeOfAsync(context, request.MessageId, ack).ConfigureAwait(false);
            if (capabilities.CancellationMode == CancellationMode.NeedsApproval)
            {
                Expect(outcome.Kind == OutcomeKind.PendingManualReview, $"a cancellation that needs approval was answered {outcome.Kind}");
                await journal.DecideCancellationAsync(id, true, null, cancellationToken).ConfigureAwait(false);
                var decision = await platform.WaitForAsync<CancellationDecided>(d => d.CancellationMessageId == request.MessageId, context.EventualTimeout, "the cancellation decision").ConfigureAwait(false);
                Expect(decision.Accepted && decision.AppointmentId == id, "the decision does not accept the cancellation of this appointment");
            }
            else
            {
                Expect(outcome.Kind == OutcomeKind.Journaled, $"an immediate cancellation seven days ahead was answered {outcome.Kind}: {outcome.Reason}");
            }

            await platform.WaitForAsync<AppointmentPublished>(a => a.Appointment.AppointmentId == id && a.Change == AppointmentChange.Cancelled, context.EventualTimeout, "the cancelled appointment").ConfigureAwait(false);
        }

        /// <summary>A cancellation the journal cannot honour is refused with a reason the citizen can read.</summary>
        public static async Task Cancellation_is_refused_with_a_reason(ConformanceContext context, CancellationToken cancellationToken)
        {
            var (journal, platform) = NeedJournal(context);
            var capabilities = await context.Connector.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
            var cancelledByStaff = await journal.BookAppointmentAsync(context.Patients.KnownPatientPid, context.Patients.UnitHerId, context.Clock().AddDays(9), "Konsultasjon", cancellationToken).ConfigureAwait(false);
            await journal.CancelAppointmentAsync(cancelledByStaff, cancellationToken).ConfigureAwait(false);
            var late = NewCancellation(context, cancelledByStaff);
            var outcome = await OutcomeOfAsync(context, late.MessageId, await context.Connector.RequestCancellationAsync(late, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            Expect(outcome.Kind == OutcomeKind.Refused && !string.IsNullOrWhiteSpace(outcome.Reason),
                $"cancelling an appointment the health service already cancelled was answered {outcome.Kind} with reason '{outcome.Reason}'");

            if (capabilities.CancellationMode == CancellationMode.NeedsApproval)
            {
                var id = await journal.BookAppointmentAsync(context.Patients.KnownPatientPid, context.Patients.UnitHerId, context.Clock().AddDays(10), "Konsultasjon", cancellationToken).ConfigureAwait(false);
                var request = NewCancellation(context, id);
                await context.Connector.RequestCancellationAsync(request, cancellationToken).ConfigureAwait(false);
                await journal.DecideCancellationAsync(id, false, "Timen kan ikke flyttes denne uken.", cancellationToken).ConfigureAwait(false);
                var decision = await platform.WaitForAsync<CancellationDecided>(d => d.CancellationMessageId == request.MessageId, context.EventualTimeout, "the refusal").ConfigureAwait(false);
                Expect(!decision.Accepted && !string.IsNullOrWhiteSpace(decision.Reason), "the refusal does not refuse, or gives no reason");
            }
        }

        /// <summary>Contract 1.1: a cancellation with <see cref="CancellationRequest.RequiresApproval"/> is held for staff
        /// (PendingManualReview, the appointment still booked) and decided later with <see cref="CancellationDecided"/>.</summary>
        public static async Task Cancellation_requiring_approval_waits_for_staff(ConformanceContext context, CancellationToken cancellationToken)
        {
            var capabilities = await context.Connector.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
            if (capabilities.CancellationMode == CancellationMode.Immediate && !EpjContract.UnderstandsRequiresApproval(capabilities.ContractVersions))
            {
                throw new ConformanceSkipped(
                    $"The journal speaks contract [{string.Join(", ", capabilities.ContractVersions)}], not {EpjContract.RequiresApprovalVersion}: it may ignore RequiresApproval, so the platform "
                    + "refuses to send it cancellations in a municipality where staff decide.");
            }

            var (journal, platform) = NeedJournal(context);
            var id = await journal.BookAppointmentAsync(context.Patients.KnownPatientPid, context.Patients.UnitHerId, context.Clock().AddDays(8), "Konsultasjon", cancellationToken).ConfigureAwait(false);
            var request = NewCancellation(context, id) with { RequiresApproval = true };
            var outcome = await OutcomeOfAsync(context, request.MessageId, await context.Connector.RequestCancellationAsync(request, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            Expect(outcome.Kind == OutcomeKind.PendingManualReview,
                $"a cancellation with RequiresApproval = true was answered {outcome.Kind}, not PendingManualReview: the municipality wants staff to decide, the journal must not cancel at once");
            var now = context.Clock();
            var planned = await context.Connector.GetPlannedAppointmentsAsync(
                new PlannedAppointmentsQuery { PatientPid = context.Patients.KnownPatientPid, From = now, To = now.AddDays(30) }, cancellationToken).ConfigureAwait(false);
            Expect(planned.Any(a => a.AppointmentId == id && a.Status == AppointmentStatus.Booked),
                "after a cancellation that waits for staff, the appointment is no longer answered as booked among the planned appointments");
            await journal.DecideCancellationAsync(id, true, null, cancellationToken).ConfigureAwait(false);
            var decision = await platform.WaitForAsync<CancellationDecided>(d => d.CancellationMessageId == request.MessageId, context.EventualTimeout, "the staff's decision").ConfigureAwait(false);
            Expect(decision.Accepted && decision.AppointmentId == id, "the staff's decision does not accept the cancellation of this appointment");
        }

        /// <summary>Optional (declared <see cref="EpjProcess.FreeSlots"/> or <see cref="EpjProcess.SlotReservation"/>): free slots of the
        /// unit within the window and the time limit; a reservation is answered OK, once per MessageId, and the slot is taken (a second
        /// reservation is rejected with <see cref="EpjErrorCodes.SlotNotAvailable"/>); a journaled reservation names the new appointment.</summary>
        public static async Task Declared_slot_booking_offers_and_reserves_slots(ConformanceContext context, CancellationToken cancellationToken)
        {
            var capabilities = await context.Connector.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
            if (!capabilities.Supports(EpjProcess.FreeSlots) && !capabilities.Supports(EpjProcess.SlotReservation))
            {
                throw new ConformanceSkipped("Slot booking is not declared; the platform never offers it for this journal.");
            }

            var booking = context.Connector as IEpjSlotBooking
                ?? throw new ConformanceFailure($"FreeSlots/SlotReservation is declared, but the connector ({context.Connector.GetType().Name}) does not implement IEpjSlotBooking.");
            var from = context.Clock();
            var to = from.AddDays(60);
            var watch = Stopwatch.StartNew();
            var slots = await booking.GetFreeSlotsAsync(context.Patients.UnitHerId, from, to, cancellationToken).ConfigureAwait(false);
            watch.Stop();
            Expect(slots is not null, "free slots answered null");
            Expect(watch.ElapsedMilliseconds <= capabilities.SynchronousTimeLimitMs,
                $"free slots took {watch.ElapsedMilliseconds} ms, over the declared {capabilities.SynchronousTimeLimitMs} ms");
            foreach (var slot in slots!)
            {
                Expect(!string.IsNullOrEmpty(slot.SlotId) && slot.End > slot.Start, $"slot '{slot.SlotId}' has no id or does not end after it starts");
                Expect(slot.UnitHerId == context.Patients.UnitHerId, $"slot {slot.SlotId} belongs to unit {slot.UnitHerId}, not the unit asked for ({context.Patients.UnitHerId})");
                Expect(slot.Start >= from && slot.Start < to, $"slot {slot.SlotId} starts at {slot.Start:O}, outside the window asked for");
            }

            if (!capabilities.Supports(EpjProcess.SlotReservation))
            {
                return;
            }

            var free = slots.FirstOrDefault() ?? throw new ConformanceSkipped("The journal offered no free slot at the test unit in the next 60 days, so reserving one was not verified.");
            var reservation = new SlotReservation { MessageId = Guid.NewGuid(), SlotId = free.SlotId, PatientPid = context.Patients.KnownPatientPid };
            var firstAck = await booking.ReserveSlotAsync(reservation, cancellationToken).ConfigureAwait(false);
            var first = await ReceiptOfAsync(context, reservation.MessageId, firstAck).ConfigureAwait(false);
            Expect(first.Status == ReceiptStatus.Ok, $"reserving a free slot was answered {first.Status}: {Errors(first)}");
            // The outcome, now or (where the journal's messages can be observed) reported later.
            var booked = firstAck.Outcome ?? (context.Platform is null ? null : await OutcomeOfAsync(context, reservation.MessageId, firstAck).ConfigureAwait(false));
            if (booked is not null)
            {
                Expect(booked.Kind == OutcomeKind.PendingManualReview || (booked.Kind == OutcomeKind.Journaled && !string.IsNullOrEmpty(booked.DocumentReference)),
                    $"the reservation's outcome is {booked.Kind}{(booked.Kind == OutcomeKind.Journaled ? " without the new appointment's id as its document reference" : "")}; expected Journaled (with the appointment's id) or PendingManualReview");
                if (booked.Kind == OutcomeKind.Journaled && context.Platform is { } platform)
                {
                    var published = await platform.WaitForAsync<AppointmentPublished>(
                        a => a.Appointment.AppointmentId == booked.DocumentReference, context.EventualTimeout,
                        $"the booked appointment, published with the id the reservation's outcome names ({booked.DocumentReference})").ConfigureAwait(false);
                    Expect(published.PatientPid == reservation.PatientPid && published.Appointment.Start == free.Start && published.Appointment.UnitHerId == free.UnitHerId,
                        $"appointment {booked.DocumentReference} was published for another patient, time or unit than the slot reserved ({free.SlotId})");
                }
            }

            var again = await ReceiptOfAsync(context, reservation.MessageId, await booking.ReserveSlotAsync(reservation with { }, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            Expect(again.Status == ReceiptStatus.Ok, $"the same reservation sent again (same MessageId) was answered {again.Status}, not with the original OK");
            var other = new SlotReservation { MessageId = Guid.NewGuid(), SlotId = free.SlotId, PatientPid = context.Patients.KnownPatientPid };
            var taken = await ReceiptOfAsync(context, other.MessageId, await booking.ReserveSlotAsync(other, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            Expect(taken.Status == ReceiptStatus.Rejected, "a second reservation of the same slot (another MessageId) was answered OK: the slot was booked twice");
            Expect(taken.Errors.Any(e => e.Code == EpjErrorCodes.SlotNotAvailable),
                $"a reservation of a slot that is no longer free was rejected with {Errors(taken)}, not {EpjErrorCodes.SlotNotAvailable}: the platform cannot tell the citizen to pick another time");
            var after = await booking.GetFreeSlotsAsync(context.Patients.UnitHerId, from, to, cancellationToken).ConfigureAwait(false);
            Expect(after.All(s => s.SlotId != free.SlotId), $"slot {free.SlotId} is still offered as free after it was reserved");
        }

        /// <summary>Optional (declared <see cref="EpjProcess.Vaccinations"/> or <see cref="EpjProcess.TestResults"/>): the known patient's
        /// entries within the time limit, each with an id and a name; nothing for a patient the journal does not hold.</summary>
        public static async Task Declared_health_records_answer_within_the_time_limit(ConformanceContext context, CancellationToken cancellationToken)
        {
            var capabilities = await context.Connector.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
            var declared = new[] { EpjProcess.Vaccinations, EpjProcess.TestResults }.Where(capabilities.Supports).ToList();
            if (declared.Count == 0)
            {
                throw new ConformanceSkipped("Health records are not declared; the platform never asks for them.");
            }

            var records = context.Connector as IEpjHealthRecords
                ?? throw new ConformanceFailure($"{string.Join("/", declared)} is declared, but the connector ({context.Connector.GetType().Name}) does not implement IEpjHealthRecords.");
            foreach (var process in declared)
            {
                Func<string, Task<IReadOnlyList<HealthRecordEntry>>> ask = process == EpjProcess.Vaccinations
                    ? pid => records.GetVaccinationsAsync(pid, cancellationToken)
                    : pid => records.GetTestResultsAsync(pid, cancellationToken);
                var watch = Stopwatch.StartNew();
                var entries = await ask(context.Patients.KnownPatientPid).ConfigureAwait(false);
                watch.Stop();
                Expect(entries is not null, $"{process} answered null for the known patient");
                Expect(watch.ElapsedMilliseconds <= capabilities.SynchronousTimeLimitMs,
                    $"{process} took {watch.ElapsedMilliseconds} ms, over the declared {capabilities.SynchronousTimeLimitMs} ms");
                Expect(entries!.All(e => !string.IsNullOrEmpty(e.EntryId) && !string.IsNullOrWhiteSpace(e.Name)), $"an entry of {process} has no id or no name");
                var unknown = await ask(context.Patients.UnknownPatientPid).ConfigureAwait(false);
                Expect(unknown is not null && unknown.Count == 0, $"{process} answered {unknown?.Count} entries for a patient the journal does not hold");
            }
        }

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
