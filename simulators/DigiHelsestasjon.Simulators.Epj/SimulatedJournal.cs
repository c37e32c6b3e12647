using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.Epj.Sdk.Conformance;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigiHelsestasjon.Simulators.Epj;

/// <summary>An appointment as the fake journal holds it.</summary>
public sealed record SimulatedAppointment(
    string AppointmentId, long Version, string Pid, string UnitHerId, DateTimeOffset Start, DateTimeOffset End,
    string Type, string PractitionerRole, string Location, bool Exempt, AppointmentStatus Status);

/// <summary>One thing the journal received from the platform or wrote itself. For a citizen's message also its
/// conversation (the platform's thread id), subject and attachments ("name (type, bytes)").</summary>
public sealed record JournalEntry(
    string Kind, Guid MessageId, string Pid, string UnitHerId, string Text, DateTimeOffset At,
    ApplicationReceipt? Receipt, BusinessOutcome? Outcome,
    Guid? ConversationId = null, string? Subject = null, IReadOnlyList<string>? Attachments = null, string? ActedBy = null);

/// <summary>A fake EPJ with its own in-memory store, one vendor's behaviour, fault injection, and
/// the staff actions of the control API. It is both the connector (platform -> EPJ) and, through
/// <see cref="IEpjPlatform"/>, the sender of appointments, replies and late outcomes (EPJ -> platform).</summary>
public sealed class SimulatedJournal : IEpjConnector, IEpjYouthChatTranscripts, IEpjSlotBooking, IEpjHealthRecords, IEpjTestJournal
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
    private static readonly int[] SlotHours = [9, 10, 11, 13, 14];
    private readonly Dictionary<string, (SlotReservation Reservation, FreeSlot Slot)> heldSlots = [];
    private readonly List<(string Pid, TakenTest Test)> addedTests = [];
    private readonly object gate = new();
    private readonly HashSet<string> patients = [];
    private readonly Dictionary<string, SimulatedAppointment> appointments = [];

    // Items booked on a mother for her newborn until the child has a fødselsnummer.
    private readonly HashSet<string> newbornItems = [];
    private readonly Dictionary<Guid, EpjAcknowledgement> answered = [];
    private readonly Dictionary<string, CancellationRequest> pendingCancellations = [];
    private readonly List<JournalEntry> entries = [];
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private IEpjPlatform? platform;
    private int documents;
    private bool loseNextAck;

    public SimulatedJournal(VendorProfile profile, IReadOnlyList<SimulatedUnit> units, TimeProvider time, ILogger? logger = null)
    {
        Profile = profile;
        Units = units;
        this.time = time;
        this.logger = logger ?? NullLogger.Instance;
    }

    public VendorProfile Profile { get; }

    public IReadOnlyList<SimulatedUnit> Units { get; private set; }

    /// <summary>The journal starts serving another unit (a municipality rolling out adds its units in the journal too).</summary>
    public void AddUnit(SimulatedUnit unit)
    {
        lock (gate)
        {
            Units = [.. Units.Where(u => u.HerId != unit.HerId && u.UnitId != unit.UnitId), unit];
        }
    }

    /// <summary>Faults switched on by the control API. Holding the later levels keeps every receipt and outcome that comes
    /// after the synchronous answer until the hold is lifted (to show a message at "received").</summary>
    public EpjFaults Faults
    {
        get => faults;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (gate)
            {
                faults = value;
                if (value.HoldLaterLevels && laterLevelsReleased.Task.IsCompleted)
                {
                    laterLevelsReleased = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                else if (!value.HoldLaterLevels)
                {
                    laterLevelsReleased.TrySetResult();
                }
            }
        }
    }

    private EpjFaults faults = new();
    private TaskCompletionSource laterLevelsReleased = Released();

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        return released;
    }

    /// <summary>Where the journal sends its messages (the platform's inbound API, or a recorder in tests).</summary>
    public void ConnectTo(IEpjPlatform target) => platform = target;

    public void RegisterPatients(IEnumerable<string> pids)
    {
        lock (gate)
        {
            patients.UnionWith(pids);
        }
    }

    // ---- platform -> EPJ ----

    public Task<EpjCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken) => Task.FromResult(Profile.Capabilities);

    public async Task<EpjAcknowledgement> DeliverMessageAsync(CitizenMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return await ProcessAsync(message.MessageId, () =>
        {
            var error = Validate(message.PatientPid, message.UnitHerId)
                ?? (string.IsNullOrWhiteSpace(message.Body) || message.Body.Contains('\0', StringComparison.Ordinal) ? EpjError.Of(EpjErrorCodes.InvalidContent, "The message has no readable text.", "body") : null)
                ?? ValidateAttachments(message);
            return error is not null
                ? Rejected(message.MessageId, error)
                : Journal("message", message.MessageId, message.PatientPid, message.UnitHerId, message.Body, entry => entry with
                {
                    ConversationId = message.ConversationId, Subject = message.Subject, ActedBy = ActedBy(message.SentBy, message.SenderRelation),
                    Attachments = message.Attachments.Select(a => $"{a.FileName} ({a.ContentType}, {a.Content.Length} bytes)").ToList(),
                });
        }, cancellationToken);
    }

    public async Task<EpjAcknowledgement> DeliverTranscriptAsync(YouthChatTranscript transcript, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        return await ProcessAsync(transcript.MessageId, () =>
        {
            var error = (Profile.TakesYouthChatTranscripts ? null : EpjError.Of(EpjErrorCodes.Other, "This journal does not take chat transcripts (it does not declare the capability)."))
                ?? Validate(transcript.PatientPid, transcript.UnitHerId)
                ?? (transcript.Lines.Count == 0 ? EpjError.Of(EpjErrorCodes.InvalidContent, "The transcript is empty.", "lines") : null);
            return error is not null
                ? Rejected(transcript.MessageId, error)
                : Journal("transcript", transcript.MessageId, transcript.PatientPid, transcript.UnitHerId, string.Join("\n", transcript.Lines.Select(l => $"{l.From}: {l.Text}")));
        }, cancellationToken);
    }

    public async Task<EpjAcknowledgement> RequestCancellationAsync(CancellationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await ProcessAsync(request.MessageId, () =>
        {
            if (!appointments.TryGetValue(request.AppointmentId, out var appointment) || appointment.Pid != request.PatientPid)
            {
                return Rejected(request.MessageId, EpjError.Of(EpjErrorCodes.Other, "The journal has no such appointment for this patient.") with { Category = EpjErrorCategory.DataMismatch });
            }

            var now = time.GetUtcNow();
            var refusal = appointment.Status != AppointmentStatus.Booked ? "Timen er allerede avlyst eller gjennomført."
                : Profile.CancellationDeadline is { } deadline && appointment.Start - now < deadline
                    ? $"Timen kan ikke avbestilles digitalt mindre enn {deadline.TotalHours:0} timer før. Ring helsestasjonen."
                    : null;
            if (refusal is not null)
            {
                entries.Add(new JournalEntry("cancellation", request.MessageId, request.PatientPid, request.UnitHerId, request.Reason, now, ApplicationReceipt.Ok(request.MessageId), Outcome(request.MessageId, OutcomeKind.Refused, null, refusal)) { ActedBy = ActedBy(request.RequestedBy, request.RequestedByRelation) });
                return Answer(request.MessageId, ApplicationReceipt.Ok(request.MessageId), Outcome(request.MessageId, OutcomeKind.Refused, null, refusal));
            }

            if (Profile.CancellationMode == CancellationMode.NeedsApproval || (request.RequiresApproval && Profile.HonoursRequiresApproval))
            {
                pendingCancellations[appointment.AppointmentId] = request;
                var pending = Outcome(request.MessageId, OutcomeKind.PendingManualReview, null, "Venter på behandling hos helsestasjonen.");
                entries.Add(new JournalEntry("cancellation", request.MessageId, request.PatientPid, request.UnitHerId, request.Reason, now, ApplicationReceipt.Ok(request.MessageId), pending) { ActedBy = ActedBy(request.RequestedBy, request.RequestedByRelation) });
                return Answer(request.MessageId, ApplicationReceipt.Ok(request.MessageId), pending);
            }

            var document = NextDocument();
            var cancelled = Outcome(request.MessageId, OutcomeKind.Journaled, document, null);
            entries.Add(new JournalEntry("cancellation", request.MessageId, request.PatientPid, request.UnitHerId, request.Reason, now, ApplicationReceipt.Ok(request.MessageId), cancelled) { ActedBy = ActedBy(request.RequestedBy, request.RequestedByRelation) });
            Publish(ChangeLocked(appointment.AppointmentId, a => a with { Status = AppointmentStatus.Cancelled }, AppointmentChange.Cancelled));
            return Answer(request.MessageId, ApplicationReceipt.Ok(request.MessageId), cancelled);
        }, cancellationToken, alwaysSynchronous: true);
    }

    public async Task<IReadOnlyList<EpjAppointment>> GetPlannedAppointmentsAsync(PlannedAppointmentsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await DelayAsync(cancellationToken);
        lock (gate)
        {
            return appointments.Values
                .Where(a => a.Pid == query.PatientPid && (query.UnitHerId is null || a.UnitHerId == query.UnitHerId) && a.Start >= query.From && a.Start < query.To)
                .OrderBy(a => a.Start)
                .Select(ToEpj)
                .ToList();
        }
    }

    // ---- optional: slot booking ----

    /// <summary>Weekdays at 09, 10, 11, 13 and 14 (Oslo time), 30 minutes, one kind per unit type; not booked, not held for
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
                if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                {
                    continue;
                }

                foreach (var hour in SlotHours)
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
                entries.Add(new JournalEntry("reservation", reservation.MessageId, reservation.PatientPid, slot.UnitHerId, slot.SlotId, now, ApplicationReceipt.Ok(reservation.MessageId), pending));
                return Answer(reservation.MessageId, ApplicationReceipt.Ok(reservation.MessageId), pending);
            }

            var appointmentId = Book(reservation.PatientPid, slot!.UnitHerId, slot.Start, slot.AppointmentType, exempt: false, id: null);
            var booked = Outcome(reservation.MessageId, OutcomeKind.Journaled, appointmentId, null);
            entries.Add(new JournalEntry("reservation", reservation.MessageId, reservation.PatientPid, slot.UnitHerId, slot.SlotId, now, ApplicationReceipt.Ok(reservation.MessageId), booked));
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
            || local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || !SlotHours.Contains(local.Hour) || local.Minute != 0)
        {
            return null;
        }

        var start = new DateTimeOffset(local, Oslo.GetUtcOffset(local));
        return new FreeSlot { SlotId = slotId, UnitHerId = unit.HerId, Start = start, End = start.AddMinutes(30), AppointmentType = SlotKind(unit.Type) };
    }

    private bool IsFreeLocked(FreeSlot slot) =>
        !heldSlots.ContainsKey(slot.SlotId)
        && !appointments.Values.Any(a => a.UnitHerId == slot.UnitHerId && a.Status == AppointmentStatus.Booked && a.Start < slot.End && slot.Start < a.End);

    // ---- optional: health records ----

    /// <summary>The doses this journal's units gave (<see cref="DemoHealthHistory"/>); nothing for a patient it does not hold.</summary>
    public async Task<IReadOnlyList<HealthRecordEntry>> GetVaccinationsAsync(string patientPid, CancellationToken cancellationToken)
    {
        await DelayAsync(cancellationToken);
        lock (gate)
        {
            return !patients.Contains(patientPid) ? [] : [.. DemoHealthHistory.Vaccinations(patientPid, Today())
                .Where(d => Units.Any(u => u.HerId == d.UnitHerId))
                .Select(d => new HealthRecordEntry
                {
                    EntryId = $"{Profile.Vendor}-{d.EntryId}", Name = d.Name, Code = d.Code, At = Noon(d.GivenOn), Result = $"Dose {d.Dose}", UnitHerId = d.UnitHerId,
                })];
        }
    }

    /// <summary>The routine checks this journal's units took, and what staff added (<see cref="AddTestResult"/>).</summary>
    public async Task<IReadOnlyList<HealthRecordEntry>> GetTestResultsAsync(string patientPid, CancellationToken cancellationToken)
    {
        await DelayAsync(cancellationToken);
        lock (gate)
        {
            return !patients.Contains(patientPid) ? [] : [.. DemoHealthHistory.Tests(patientPid, Today())
                .Where(t => Units.Any(u => u.HerId == t.UnitHerId))
                .Concat(addedTests.Where(a => a.Pid == patientPid).Select(a => a.Test))
                .OrderBy(t => t.TakenOn)
                .Select(t => new HealthRecordEntry
                {
                    EntryId = $"{Profile.Vendor}-{t.EntryId}", Name = t.Name, At = Noon(t.TakenOn), Result = t.Result, UnitHerId = t.UnitHerId, ExemptFromParentalAccess = t.Exempt,
                })];
        }
    }

    /// <summary>Staff record a test result; the journal tells the platform one is ready (without the result).</summary>
    public string AddTestResult(string pid, string unitHerId, string name, string result, bool exempt)
    {
        if (Units.All(u => u.HerId != unitHerId))
        {
            throw new ArgumentException($"This journal has no unit {unitHerId}.", nameof(unitHerId));
        }

        lock (gate)
        {
            patients.Add(pid);
            var test = new TakenTest($"test-{Guid.NewGuid():N}"[..17], name, result, Today(), unitHerId, exempt);
            addedTests.Add((pid, test));
            Publish(new TestResultReady { MessageId = Guid.NewGuid(), SentAt = time.GetUtcNow(), EntryId = $"{Profile.Vendor}-{test.EntryId}", PatientPid = pid, UnitHerId = unitHerId, ExemptFromParentalAccess = exempt });
            return $"{Profile.Vendor}-{test.EntryId}";
        }
    }

    private DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Oslo).DateTime);

    private static DateTimeOffset Noon(DateOnly day)
    {
        var local = day.ToDateTime(new TimeOnly(12, 0));
        return new DateTimeOffset(local, Oslo.GetUtcOffset(local));
    }

    // ---- staff (control API and IEpjTestJournal) ----

    public Task<string> BookAppointmentAsync(string patientPid, string unitHerId, DateTimeOffset start, string appointmentType, CancellationToken cancellationToken) =>
        Task.FromResult(Book(patientPid, unitHerId, start, appointmentType, exempt: false, id: null));

    /// <summary>Books and publishes. A fixed <paramref name="id"/> (demo data) publishes with a fixed MessageId, so a restart is a duplicate.</summary>
    /// <param name="location">Where, when not at the unit (a home visit: the family's address, as journals hold it).</param>
    /// <param name="forNewborn">Booked on the mother for her newborn, who has no fødselsnummer yet (see <see cref="RegisterNewborn"/>).</param>
    public string Book(string pid, string unitHerId, DateTimeOffset start, string type, bool exempt, string? id, string practitionerRole = "helsesykepleier", string? location = null, bool forNewborn = false)
    {
        var unit = Units.FirstOrDefault(u => u.HerId == unitHerId) ?? throw new ArgumentException($"This journal has no unit {unitHerId}.", nameof(unitHerId));
        lock (gate)
        {
            patients.Add(pid);
            var appointment = new SimulatedAppointment(
                id ?? $"{Profile.Vendor}-{Guid.NewGuid():N}"[..(Profile.Vendor.Length + 13)], FirstVersion, pid, unitHerId, start, start.AddMinutes(30),
                type, practitionerRole, location ?? unit.Name, exempt, AppointmentStatus.Booked);
            appointments[appointment.AppointmentId] = appointment;
            if (forNewborn)
            {
                newbornItems.Add(appointment.AppointmentId);
            }

            Publish(Published(appointment, AppointmentChange.Created, id is null ? Guid.NewGuid() : StableId(appointment.AppointmentId, appointment.Version)));
            return appointment.AppointmentId;
        }
    }

    /// <summary>The health station records the newborn's fødselsnummer: the items booked on the mother for the child are
    /// published again, now for the child (a new version each). Returns how many moved.</summary>
    public int RegisterNewborn(string motherPid, string childPid)
    {
        lock (gate)
        {
            patients.Add(childPid);
            var moving = appointments.Values.Where(a => a.Pid == motherPid && newbornItems.Contains(a.AppointmentId)).Select(a => a.AppointmentId).ToList();
            foreach (var id in moving)
            {
                newbornItems.Remove(id);
                Publish(ChangeLocked(id, a => a with { Pid = childPid }, AppointmentChange.Changed));
            }

            return moving.Count;
        }
    }

    public Task ChangeAppointmentAsync(string appointmentId, DateTimeOffset newStart, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var previous = appointments.TryGetValue(appointmentId, out var found) ? found : throw new KeyNotFoundException($"No appointment {appointmentId}.");
            Publish(ChangeLocked(appointmentId, a => a with { Start = newStart, End = newStart + (a.End - a.Start) }, AppointmentChange.Changed));
            if (Profile.Changes == ChangePublishing.SometimesOutOfOrder && Random.Shared.NextDouble() < (Faults.OutOfOrderRate ?? Profile.OutOfOrderRate))
            {
                // A stale copy of the previous version arrives after the newer one.
                Publish(Published(previous, previous.Version == FirstVersion ? AppointmentChange.Created : AppointmentChange.Changed, Guid.NewGuid()));
            }
        }

        return Task.CompletedTask;
    }

    public Task CancelAppointmentAsync(string appointmentId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Publish(ChangeLocked(appointmentId, a => a with { Status = AppointmentStatus.Cancelled }, AppointmentChange.Cancelled));
        }

        return Task.CompletedTask;
    }

    /// <summary>Marks an appointment attended or no-show (for the benefit figures).</summary>
    public void SetStatus(string appointmentId, AppointmentStatus status)
    {
        lock (gate)
        {
            Publish(ChangeLocked(appointmentId, a => a with { Status = status }, AppointmentChange.Changed));
        }
    }

    public Task DecideCancellationAsync(string appointmentId, bool accept, string? reason, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!pendingCancellations.Remove(appointmentId, out var request))
            {
                throw new KeyNotFoundException($"No cancellation of {appointmentId} waits for a decision.");
            }

            var now = time.GetUtcNow();
            entries.Add(new JournalEntry("cancellation-decision", request.MessageId, request.PatientPid, request.UnitHerId, reason ?? "", now, null,
                Outcome(request.MessageId, accept ? OutcomeKind.Journaled : OutcomeKind.Refused, accept ? NextDocument() : null, reason)));
            Publish(new CancellationDecided { MessageId = Guid.NewGuid(), SentAt = now, CancellationMessageId = request.MessageId, AppointmentId = appointmentId, Accepted = accept, Reason = accept ? null : reason ?? "Avbestillingen ble ikke godkjent." });
            if (accept)
            {
                Publish(ChangeLocked(appointmentId, a => a with { Status = AppointmentStatus.Cancelled }, AppointmentChange.Cancelled));
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Sets or lifts "exempt from parental access" on an appointment and tells the platform (§ 3-4).</summary>
    public void SetAppointmentExempt(string appointmentId, bool exempt)
    {
        lock (gate)
        {
            var current = appointments.TryGetValue(appointmentId, out var found) ? found : throw new KeyNotFoundException($"No appointment {appointmentId}.");
            appointments[appointmentId] = current with { Exempt = exempt };
            Publish(new ParentalAccessExemptionChanged
            {
                MessageId = Guid.NewGuid(), SentAt = time.GetUtcNow(), ItemKind = "appointment", ItemId = appointmentId, PatientPid = current.Pid, Exempt = exempt,
            });
        }
    }

    /// <summary>Sets or lifts "exempt from parental access" on a message in the journal (either way) and tells the platform.</summary>
    public bool SetMessageExempt(Guid messageId, bool exempt)
    {
        lock (gate)
        {
            var entry = entries.FirstOrDefault(e => e.MessageId == messageId && e.Kind is "message" or "message-to-citizen");
            if (entry is null)
            {
                return false;
            }

            Publish(new ParentalAccessExemptionChanged
            {
                MessageId = Guid.NewGuid(), SentAt = time.GetUtcNow(), ItemKind = "message", ItemId = messageId.ToString(), PatientPid = entry.Pid, Exempt = exempt,
            });
            return true;
        }
    }

    /// <summary>A message from the health service to the citizen.</summary>
    public Guid SendMessage(string pid, string unitHerId, Guid? conversationId, string body, bool exempt = false)
    {
        var message = new HealthServiceMessage
        {
            MessageId = Guid.NewGuid(), SentAt = time.GetUtcNow(), ConversationId = conversationId, PatientPid = pid, UnitHerId = unitHerId,
            Subject = conversationId is null ? "Melding fra helsestasjonen" : "", Body = body, ExemptFromParentalAccess = exempt,
        };
        lock (gate)
        {
            entries.Add(new JournalEntry("message-to-citizen", message.MessageId, pid, unitHerId, body, message.SentAt, null, null));
            Publish(message);
        }

        return message.MessageId;
    }

    /// <summary>How many entries of a kind the journal holds, and for how many distinct messages (equal: no duplicates).</summary>
    public (int Entries, int DistinctMessages) Count(string kind)
    {
        lock (gate)
        {
            var matching = entries.Where(e => e.Kind == kind).ToList();
            return (matching.Count, matching.Select(e => e.MessageId).Distinct().Count());
        }
    }

    public Task<int> CountEntriesAsync(Guid messageId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(entries.Count(e => e.MessageId == messageId && e.Kind is "message" or "transcript" or "cancellation"));
        }
    }

    public Task<bool> LoseNextAcknowledgementAsync(CancellationToken cancellationToken)
    {
        loseNextAck = true;
        return Task.FromResult(true);
    }

    public IReadOnlyList<JournalEntry> EntriesFor(string pid)
    {
        lock (gate)
        {
            return entries.Where(e => e.Pid == pid).ToList();
        }
    }

    public IReadOnlyList<SimulatedAppointment> AppointmentsFor(string pid)
    {
        lock (gate)
        {
            return appointments.Values.Where(a => a.Pid == pid).OrderBy(a => a.Start).ToList();
        }
    }

    public SimulatedAppointment? Appointment(string appointmentId)
    {
        lock (gate)
        {
            return appointments.GetValueOrDefault(appointmentId);
        }
    }

    // ---- the engine ----

    private long FirstVersion => Profile.Changes == ChangePublishing.VersionJump ? 10 : 1;

    private long NextVersion(long version) => Profile.Changes == ChangePublishing.VersionJump ? version + 10 : version + 1;

    /// <summary>Faults, duplicates and lost acknowledgements around one idempotent operation.</summary>
    private async Task<EpjAcknowledgement> ProcessAsync(Guid messageId, Func<EpjAcknowledgement> process, CancellationToken cancellationToken, bool alwaysSynchronous = false)
    {
        await DelayAsync(cancellationToken);
        if (Faults.ErrorRate > 0 && Random.Shared.NextDouble() < Faults.ErrorRate)
        {
            throw new EpjTransportException($"{Profile.Product}: simulated transient failure.");
        }

        EpjAcknowledgement ack;
        lock (gate)
        {
            if (!answered.TryGetValue(messageId, out var original))
            {
                original = process();
                answered[messageId] = original;
                if (!alwaysSynchronous)
                {
                    ScheduleLaterLevels(original);
                }
            }

            ack = alwaysSynchronous || original.Receipt?.Status != ReceiptStatus.Ok ? original : SynchronousPart(original);
        }

        if (loseNextAck || (Faults.DropAcks > 0 && Random.Shared.NextDouble() < Faults.DropAcks))
        {
            loseNextAck = false;
            throw new EpjTransportException($"{Profile.Product}: the acknowledgement was lost.");
        }

        return ack;
    }

    private EpjAcknowledgement SynchronousPart(EpjAcknowledgement full) => Profile.Receipts switch
    {
        ReceiptTiming.AllAtOnce => full,
        ReceiptTiming.ReceiptNowJournaledLater => full with { Outcome = null },
        _ => full with { Receipt = null, Outcome = null },
    };

    private void ScheduleLaterLevels(EpjAcknowledgement full)
    {
        if (Profile.Receipts == ReceiptTiming.AllAtOnce || full.Receipt?.Status != ReceiptStatus.Ok)
        {
            return;
        }

        var later = new OutcomeReported
        {
            MessageId = StableId(full.MessageId.ToString(), 3),
            OriginalMessageId = full.MessageId,
            Receipt = Profile.Receipts == ReceiptTiming.ReceiptAfterJournaling ? full.Receipt : null,
            Outcome = full.Outcome,
        };
        Interlocked.Increment(ref started);
        Interlocked.Increment(ref scheduledLater);
        var released = laterLevelsReleased.Task;
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(Profile.JournalDelayMs);
                await released;
                await SendAsync(later with { SentAt = time.GetUtcNow() });
            }
            finally
            {
                Interlocked.Decrement(ref scheduledLater);
            }
        });
    }

    private EpjError? Validate(string pid, string unitHerId) =>
        !patients.Contains(pid) ? EpjError.Of(EpjErrorCodes.UnknownPatient, "Pasienten finnes ikke i journalen.")
        : Units.All(u => u.HerId != unitHerId) ? EpjError.Of(EpjErrorCodes.UnknownRecipient, $"The journal serves no unit with HER-id {unitHerId}.")
        : null;

    private EpjError? ValidateAttachments(CitizenMessage message)
    {
        var size = Encoding.UTF8.GetByteCount(message.Body) + message.Attachments.Sum(a => (long)a.Content.Length);
        if (size > Profile.MaxPayloadBytes)
        {
            return EpjError.Of(EpjErrorCodes.InvalidContent, $"The message is {size} bytes; the limit is {Profile.MaxPayloadBytes}.", "attachments");
        }

        var refused = message.Attachments.Select((a, i) => (a, i)).FirstOrDefault(x => !Profile.Capabilities.Accepts(x.a.ContentType));
        return refused.a is null
            ? null
            : EpjError.Of(EpjErrorCodes.InvalidContent, $"Attachments of type {refused.a.ContentType} are not accepted.", $"attachments[{refused.i}]") with { Category = EpjErrorCategory.UnsupportedCapability };
    }

    private EpjAcknowledgement Journal(string kind, Guid messageId, string pid, string unitHerId, string text, Func<JournalEntry, JournalEntry>? more = null)
    {
        var receipt = ApplicationReceipt.Ok(messageId);
        var outcome = Outcome(messageId, OutcomeKind.Journaled, NextDocument(), null);
        var entry = new JournalEntry(kind, messageId, pid, unitHerId, text, time.GetUtcNow(), receipt, outcome);
        entries.Add(more is null ? entry : more(entry));
        return Answer(messageId, receipt, outcome);
    }

    /// <summary>Who acted for the patient, as the journal shows it to staff (the name and the relation, never the number).</summary>
    private static string? ActedBy(ActingPerson? person, string relation) => person is null ? null : $"{person.Name} ({relation})";

    private EpjAcknowledgement Rejected(Guid messageId, EpjError error)
    {
        logger.LogInformation("{Product} rejected a message: {Code} {Category}", Profile.Product, error.Code, error.Category);
        return Answer(messageId, ApplicationReceipt.Rejected(messageId, error), null);
    }

    private static EpjAcknowledgement Answer(Guid messageId, ApplicationReceipt receipt, BusinessOutcome? outcome) =>
        new() { MessageId = messageId, Receipt = receipt, Outcome = outcome };

    private BusinessOutcome Outcome(Guid messageId, OutcomeKind kind, string? document, string? reason) =>
        new() { OriginalMessageId = messageId, Kind = kind, DocumentReference = document, At = time.GetUtcNow(), Reason = reason };

    private string NextDocument() => $"{Profile.Vendor.ToUpperInvariant()}-DOC-{Interlocked.Increment(ref documents):D6}";

    private AppointmentPublished ChangeLocked(string appointmentId, Func<SimulatedAppointment, SimulatedAppointment> change, AppointmentChange kind)
    {
        var current = appointments.TryGetValue(appointmentId, out var found) ? found : throw new KeyNotFoundException($"No appointment {appointmentId}.");
        var next = change(current) with { Version = NextVersion(current.Version) };
        appointments[appointmentId] = next;
        return Published(next, kind, Guid.NewGuid());
    }

    private AppointmentPublished Published(SimulatedAppointment a, AppointmentChange change, Guid messageId) =>
        new() { MessageId = messageId, SentAt = time.GetUtcNow(), Change = change, PatientPid = a.Pid, Appointment = ToEpj(a) };

    private static EpjAppointment ToEpj(SimulatedAppointment a) => new()
    {
        AppointmentId = a.AppointmentId, Version = a.Version, UnitHerId = a.UnitHerId, Start = a.Start, End = a.End,
        AppointmentType = a.Type, PractitionerRole = a.PractitionerRole, Location = a.Location,
        ExemptFromParentalAccess = a.Exempt, Status = a.Status,
    };

    /// <summary>Sends in order on a background task, retrying while the platform is away (as a journal's
    /// outbound queue would), and sometimes twice when the duplicate fault is on.</summary>
    private void Publish(InboundMessage message)
    {
        Interlocked.Increment(ref started);
        lock (queueGate)
        {
            sending = sending.ContinueWith(_ => SendAsync(message), TaskScheduler.Default).Unwrap();
        }
    }

    private readonly object queueGate = new();
    private Task sending = Task.CompletedTask;
    private long started;
    private int scheduledLater;

    /// <summary>How many sends the journal has started, ever: a test harness that saw the same number before and
    /// after looking at the platform knows the journal started nothing in between.</summary>
    public long SendsStarted => Interlocked.Read(ref started);

    /// <summary>Nothing queued or scheduled to be sent to the platform.</summary>
    public bool IsIdle => Flushed.IsCompleted && Volatile.Read(ref scheduledLater) == 0;

    /// <summary>Completes when everything published so far has been sent (or given up).</summary>
    public Task Flushed
    {
        get
        {
            lock (queueGate)
            {
                return sending;
            }
        }
    }

    private async Task SendAsync(InboundMessage message)
    {
        var target = platform;
        if (target is null)
        {
            return;
        }

        var copies = Faults.DuplicateRate > 0 && Random.Shared.NextDouble() < Faults.DuplicateRate ? 2 : 1;
        for (var copy = 0; copy < copies; copy++)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var receipt = await target.SendAsync(message, CancellationToken.None);
                    if (receipt.Status == ReceiptStatus.Rejected && receipt.Category == EpjErrorCategory.Transient && attempt < 8)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Pow(2, attempt)));
                        continue;
                    }

                    if (receipt.Status == ReceiptStatus.Rejected)
                    {
                        logger.LogWarning("{Product}: the platform rejected {Type}: {Errors}", Profile.Product, message.GetType().Name, string.Join("; ", receipt.Errors.Select(e => $"{e.Code} {e.Description}")));
                    }

                    break;
                }
                catch (Exception exception) when (exception is EpjTransportException or HttpRequestException && attempt < 8)
                {
                    logger.LogInformation("{Product}: the platform did not answer ({Message}); retrying.", Profile.Product, exception.Message);
                    await Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Pow(2, attempt)));
                }
                catch (Exception exception)
                {
                    logger.LogWarning(exception, "{Product}: gave up sending {Type} to the platform.", Profile.Product, message.GetType().Name);
                    break;
                }
            }
        }
    }

    private async Task DelayAsync(CancellationToken cancellationToken)
    {
        var delay = Profile.LatencyMs + Faults.LatencyMs;
        if (delay > 0)
        {
            await Task.Delay(delay, cancellationToken);
        }
    }

    /// <summary>A MessageId derived from what the message is, so that a restart re-sends the same id.</summary>
    private static Guid StableId(string what, long version) =>
        new(MD5.HashData(Encoding.UTF8.GetBytes($"{what}/{version}")));
}
