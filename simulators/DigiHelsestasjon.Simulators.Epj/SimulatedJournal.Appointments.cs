using DigiHelsestasjon.Epj.Sdk;

namespace DigiHelsestasjon.Simulators.Epj;

// Appointments: the platform asks for planned ones and asks to cancel; staff book, move, cancel and decide.
public sealed partial class SimulatedJournal
{
    // Items booked on a mother for her newborn until the child has a fødselsnummer.
    private readonly HashSet<string> newbornItems = [];

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

    public Task<string> BookAppointmentAsync(string patientPid, string unitHerId, DateTimeOffset start, string appointmentType, CancellationToken cancellationToken) =>
        Task.FromResult(Book(patientPid, unitHerId, start, appointmentType, exempt: false, id: null));

    /// <summary>Books and publishes. A fixed <paramref name="id"/> (demo data) publishes with a fixed MessageId, so a restart is a duplicate.</summary>
    /// <param name="location">Where, when not at the unit (a home visit: the family's address, as journals hold it).</param>
    /// <param name="forNewborn">Booked on the mother for her newborn, who has no fødselsnummer yet (see <see cref="RegisterNewborn"/>).</param>
    public string Book(string pid, string unitHerId, DateTimeOffset start, string type, bool exempt, string? id, string practitionerRole = "helsesykepleier", string? location = null, bool forNewborn = false, bool video = false)
    {
        var unit = Units.FirstOrDefault(u => u.HerId == unitHerId) ?? throw new ArgumentException($"This journal has no unit {unitHerId}.", nameof(unitHerId));
        lock (gate)
        {
            patients.Add(pid);
            var appointment = new SimulatedAppointment(
                id ?? $"{Profile.Vendor}-{Guid.NewGuid():N}"[..(Profile.Vendor.Length + 13)], FirstVersion, pid, unitHerId, start, start.AddMinutes(30),
                type, practitionerRole, location ?? unit.Name, exempt, AppointmentStatus.Booked, video);
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

    private long FirstVersion => Profile.Changes == ChangePublishing.VersionJump ? 10 : 1;

    private long NextVersion(long version) => Profile.Changes == ChangePublishing.VersionJump ? version + 10 : version + 1;

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
        ExemptFromParentalAccess = a.Exempt, Status = a.Status, IsVideo = a.IsVideo,
    };
}
