using System.Globalization;
using DigiHelsestasjon.Epj.Sdk;

namespace DigiHelsestasjon.Simulators.Epj;

// Optional: self-booking of free slots (IEpjSlotBooking), held for staff when the vendor needs approval.
public sealed partial class SimulatedJournal
{
    private static readonly int[] SlotHours = [9, 10, 11, 13, 14];
    private readonly Dictionary<string, (SlotReservation Reservation, FreeSlot Slot)> heldSlots = [];

    /// <summary>Weekdays at 09, 10, 11, 13 and 14 (Oslo time), or for a unit with known hours every whole hour it is open
    /// (not 12, lunch) on the days it is open (no holidays), 30 minutes, one kind per unit type; not booked, not held for
    /// approval, and at least <see cref="VendorProfile.MinimumBookingNotice"/> ahead.</summary>
    public async Task<IReadOnlyList<FreeSlot>> GetFreeSlotsAsync(string unitHerId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await DelayAsync(cancellationToken);
        var unit = Units.FirstOrDefault(u => u.HerId == unitHerId);
        if (unit is null)
        {
            return [];
        }

        var earliest = time.GetUtcNow() + Profile.MinimumBookingNotice;
        to = to > from.AddDays(92) ? from.AddDays(92) : to;
        var slots = new List<FreeSlot>();
        lock (gate)
        {
            for (var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, Oslo).DateTime); day.ToDateTime(TimeOnly.MinValue) <= TimeZoneInfo.ConvertTime(to, Oslo).DateTime; day = day.AddDays(1))
            {
                foreach (var hour in SlotHoursOn(unit, day))
                {
                    var local = day.ToDateTime(new TimeOnly(hour, 0));
                    var start = new DateTimeOffset(local, Oslo.GetUtcOffset(local));
                    var slot = new FreeSlot { SlotId = $"{unit.HerId}-{local:yyyyMMddHHmm}", UnitHerId = unit.HerId, Start = start, End = start.AddMinutes(30), AppointmentType = SlotKind(unit.Type) };
                    if (start >= from && start < to && start >= earliest && IsFreeLocked(slot))
                    {
                        slots.Add(slot);
                    }
                }
            }
        }

        return slots;
    }

    /// <summary>What a unit of this type offers to self-booking.</summary>
    public static string SlotKind(string unitType) => unitType switch
    {
        "school-health" => "Samtale med helsesykepleier",
        "youth-clinic" => "Samtale på helsestasjon for ungdom",
        _ => "Konsultasjon hos helsesykepleier",
    };

    /// <summary>Books a free slot at once (Visma, CGM) or holds it for staff (InfoDoc: <see cref="DecideReservation"/>). A slot taken
    /// meanwhile, held, too close or unknown is rejected with <see cref="EpjErrorCodes.SlotNotAvailable"/>.</summary>
    public async Task<EpjAcknowledgement> ReserveSlotAsync(SlotReservation reservation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        return await ProcessAsync(reservation.MessageId, () =>
        {
            var slot = SlotOf(reservation.SlotId);
            var error = slot is null ? EpjError.Of(EpjErrorCodes.SlotNotAvailable, "Journalen har ingen slik ledig time.") with { Category = EpjErrorCategory.DataMismatch }
                : Validate(reservation.PatientPid, slot.UnitHerId)
                ?? (slot.Start < time.GetUtcNow() + Profile.MinimumBookingNotice || !IsFreeLocked(slot)
                    ? EpjError.Of(EpjErrorCodes.SlotNotAvailable, "Timen er ikke lenger ledig.") with { Category = EpjErrorCategory.DataMismatch }
                    : null);
            if (error is not null)
            {
                return Rejected(reservation.MessageId, error);
            }

            var now = time.GetUtcNow();
            if (Profile.ReservationNeedsApproval)
            {
                heldSlots[slot!.SlotId] = (reservation, slot);
                var pending = Outcome(reservation.MessageId, OutcomeKind.PendingManualReview, null, "Venter på godkjenning fra helsetjenesten.");
                entries.Add(new JournalEntry("reservation", reservation.MessageId, reservation.PatientPid, slot.UnitHerId, slot.SlotId, now, ApplicationReceipt.Ok(reservation.MessageId), pending, Note: reservation.Note));
                return Answer(reservation.MessageId, ApplicationReceipt.Ok(reservation.MessageId), pending);
            }

            var appointmentId = Book(reservation.PatientPid, slot!.UnitHerId, slot.Start, slot.AppointmentType, exempt: false, id: null);
            var booked = Outcome(reservation.MessageId, OutcomeKind.Journaled, appointmentId, null);
            entries.Add(new JournalEntry("reservation", reservation.MessageId, reservation.PatientPid, slot.UnitHerId, slot.SlotId, now, ApplicationReceipt.Ok(reservation.MessageId), booked, Note: reservation.Note));
            return Answer(reservation.MessageId, ApplicationReceipt.Ok(reservation.MessageId), booked);
        }, cancellationToken);
    }

    /// <summary>Reservations waiting for staff (the control API lists them).</summary>
    public IReadOnlyList<(SlotReservation Reservation, FreeSlot Slot)> HeldReservations()
    {
        lock (gate)
        {
            return [.. heldSlots.Values.OrderBy(h => h.Slot.Start)];
        }
    }

    /// <summary>Staff approve (the appointment is booked and published, then the outcome) or refuse (the slot is free again).</summary>
    public void DecideReservation(string slotId, bool accept, string? reason)
    {
        lock (gate)
        {
            if (!heldSlots.Remove(slotId, out var held))
            {
                throw new KeyNotFoundException($"No reservation of {slotId} waits for a decision.");
            }

            var now = time.GetUtcNow();
            var appointmentId = accept ? Book(held.Reservation.PatientPid, held.Slot.UnitHerId, held.Slot.Start, held.Slot.AppointmentType, exempt: false, id: null) : null;
            var outcome = Outcome(held.Reservation.MessageId, accept ? OutcomeKind.Journaled : OutcomeKind.Refused, appointmentId, accept ? null : reason ?? "Timen kunne ikke gis. Velg en annen tid eller ring.");
            entries.Add(new JournalEntry("reservation-decision", held.Reservation.MessageId, held.Reservation.PatientPid, held.Slot.UnitHerId, reason ?? "", now, null, outcome));
            Publish(new OutcomeReported { MessageId = Guid.NewGuid(), SentAt = now, OriginalMessageId = held.Reservation.MessageId, Outcome = outcome });
        }
    }

    private FreeSlot? SlotOf(string slotId)
    {
        var dash = slotId.LastIndexOf('-');
        var unit = dash > 0 ? Units.FirstOrDefault(u => u.HerId == slotId[..dash]) : null;
        if (unit is null || !DateTime.TryParseExact(slotId[(dash + 1)..], "yyyyMMddHHmm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            || !SlotHoursOn(unit, DateOnly.FromDateTime(local)).Contains(local.Hour) || local.Minute != 0)
        {
            return null;
        }

        var start = new DateTimeOffset(local, Oslo.GetUtcOffset(local));
        return new FreeSlot { SlotId = slotId, UnitHerId = unit.HerId, Start = start, End = start.AddMinutes(30), AppointmentType = SlotKind(unit.Type) };
    }

    /// <summary>The hours a slot may start at that day: within the unit's opening hours when the journal knows them.</summary>
    private static IReadOnlyList<int> SlotHoursOn(SimulatedUnit unit, DateOnly day) => unit.Hours is not { } hours
        ? day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? [] : SlotHours
        : !hours.IsOpenOn(day) ? []
        : [.. Enumerable.Range(0, 24).Where(h => h != 12 && new TimeOnly(h, 0) >= hours.Opens && new TimeOnly(h, 30) <= hours.Closes)];

    private bool IsFreeLocked(FreeSlot slot) =>
        !heldSlots.ContainsKey(slot.SlotId)
        && !appointments.Values.Any(a => a.UnitHerId == slot.UnitHerId && a.Status == AppointmentStatus.Booked && a.Start < slot.End && slot.Start < a.End);
}
