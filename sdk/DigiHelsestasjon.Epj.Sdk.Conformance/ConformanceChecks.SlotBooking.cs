using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace DigiHelsestasjon.Epj.Sdk.Conformance
{
    // The optional slot-booking process.
    public static partial class ConformanceChecks
    {
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
    }
}
