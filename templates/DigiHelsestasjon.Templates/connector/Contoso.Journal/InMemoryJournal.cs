using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.Epj.Sdk.Conformance;

namespace Contoso.Journal;

/// <summary>Stands in for your journal system: patients, entries and appointments in memory. Replace each method with
/// calls into your journal. It also acts as the health station's staff for the conformance kit (<see cref="IEpjTestJournal"/>).</summary>
public sealed class InMemoryJournal(TimeProvider time) : IEpjTestJournal
{
    private readonly Lock gate = new();
    private readonly HashSet<string> patients = [];
    private readonly Dictionary<Guid, EpjAcknowledgement> answered = [];
    private readonly List<(Guid MessageId, string Pid, string Kind, string Text)> entries = [];
    private readonly Dictionary<string, (EpjAppointment Appointment, string Pid)> appointments = [];
    private readonly Dictionary<string, CancellationRequest> waitingForStaff = [];
    private IEpjPlatform? platform;
    private bool loseNextAcknowledgement;
    private int documents;

    /// <summary>Where the journal sends what it has to say (the platform's inbound endpoint: <c>EpjPlatformClient</c>).</summary>
    public void ConnectTo(IEpjPlatform platform) => this.platform = platform;

    public void RegisterPatient(string pid)
    {
        lock (gate)
        {
            patients.Add(pid);
        }
    }

    /// <summary>Writes a journal entry once per MessageId: a copy gets the first answer again (idempotency).</summary>
    public EpjAcknowledgement Journal(Guid messageId, string pid, string kind, string text, EpjError? refusal)
    {
        lock (gate)
        {
            if (!answered.TryGetValue(messageId, out var ack))
            {
                refusal ??= patients.Contains(pid) ? null : EpjError.Of(EpjErrorCodes.UnknownPatient, "The journal holds no such patient.");
                if (refusal is not null)
                {
                    ack = new EpjAcknowledgement { MessageId = messageId, Receipt = ApplicationReceipt.Rejected(messageId, refusal) };
                }
                else
                {
                    entries.Add((messageId, pid, kind, text));
                    ack = Answer(messageId, OutcomeKind.Journaled, $"DOC-{++documents}", null);
                }

                answered[messageId] = ack;
            }

            return LoseOrAnswer(ack);
        }
    }

    public EpjAcknowledgement Cancel(CancellationRequest request)
    {
        lock (gate)
        {
            if (answered.TryGetValue(request.MessageId, out var earlier))
            {
                return LoseOrAnswer(earlier);
            }

            EpjAcknowledgement ack;
            if (!appointments.TryGetValue(request.AppointmentId, out var held) || held.Pid != request.PatientPid)
            {
                ack = new EpjAcknowledgement
                {
                    MessageId = request.MessageId,
                    Receipt = ApplicationReceipt.Rejected(request.MessageId, EpjError.Of(EpjErrorCodes.UnknownRecipient, "No such appointment for this patient.")),
                };
            }
            else if (held.Appointment.Status != AppointmentStatus.Booked)
            {
                ack = Answer(request.MessageId, OutcomeKind.Refused, null, "Timen er allerede avlyst eller gjennomført.");
            }
            else if (request.RequiresApproval)
            {
                // The municipality wants staff to decide: hold it; DecideCancellationAsync answers later.
                waitingForStaff[request.AppointmentId] = request;
                ack = Answer(request.MessageId, OutcomeKind.PendingManualReview, null, "Venter på behandling hos helsestasjonen.");
            }
            else
            {
                entries.Add((request.MessageId, request.PatientPid, "cancellation", request.Reason));
                ack = Answer(request.MessageId, OutcomeKind.Journaled, $"DOC-{++documents}", null);
                Publish(Change(request.AppointmentId, a => a with { Status = AppointmentStatus.Cancelled }, AppointmentChange.Cancelled));
            }

            answered[request.MessageId] = ack;
            return LoseOrAnswer(ack);
        }
    }

    public IReadOnlyList<EpjAppointment> Planned(string pid, string? unitHerId, DateTimeOffset from, DateTimeOffset to)
    {
        lock (gate)
        {
            return [.. appointments.Values.Where(a => a.Pid == pid && (unitHerId is null || a.Appointment.UnitHerId == unitHerId) && a.Appointment.Start >= from && a.Appointment.Start < to)
                .Select(a => a.Appointment).OrderBy(a => a.Start)];
        }
    }

    // ---- the health station's staff (IEpjTestJournal) ----

    public Task<string> BookAppointmentAsync(string patientPid, string unitHerId, DateTimeOffset start, string appointmentType, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var appointment = new EpjAppointment
            {
                AppointmentId = $"appt-{Guid.NewGuid():N}", Version = 1, UnitHerId = unitHerId, Start = start, End = start.AddMinutes(30),
                AppointmentType = appointmentType, PractitionerRole = "helsesykepleier", Location = "Rom 1", Status = AppointmentStatus.Booked,
            };
            appointments[appointment.AppointmentId] = (appointment, patientPid);
            Publish(new AppointmentPublished { MessageId = Guid.NewGuid(), SentAt = time.GetUtcNow(), Change = AppointmentChange.Created, PatientPid = patientPid, Appointment = appointment });
            return Task.FromResult(appointment.AppointmentId);
        }
    }

    public Task ChangeAppointmentAsync(string appointmentId, DateTimeOffset newStart, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Publish(Change(appointmentId, a => a with { Start = newStart, End = newStart.AddMinutes(30) }, AppointmentChange.Changed));
        }

        return Task.CompletedTask;
    }

    public Task CancelAppointmentAsync(string appointmentId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Publish(Change(appointmentId, a => a with { Status = AppointmentStatus.Cancelled }, AppointmentChange.Cancelled));
        }

        return Task.CompletedTask;
    }

    public Task DecideCancellationAsync(string appointmentId, bool accept, string? reason, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!waitingForStaff.Remove(appointmentId, out var request))
            {
                throw new InvalidOperationException($"No cancellation of {appointmentId} waits for a decision.");
            }

            if (accept)
            {
                entries.Add((request.MessageId, request.PatientPid, "cancellation", request.Reason));
                Publish(Change(appointmentId, a => a with { Status = AppointmentStatus.Cancelled }, AppointmentChange.Cancelled));
            }

            Publish(new CancellationDecided
            {
                MessageId = Guid.NewGuid(), SentAt = time.GetUtcNow(), CancellationMessageId = request.MessageId, AppointmentId = appointmentId, Accepted = accept,
                Reason = accept ? null : reason ?? "Avslått av helsestasjonen.",
            });
        }

        return Task.CompletedTask;
    }

    public Task<int> CountEntriesAsync(Guid messageId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(entries.Count(e => e.MessageId == messageId));
        }
    }

    public Task<bool> LoseNextAcknowledgementAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            loseNextAcknowledgement = true;
        }

        return Task.FromResult(true);
    }

    private EpjAcknowledgement LoseOrAnswer(EpjAcknowledgement ack)
    {
        if (loseNextAcknowledgement)
        {
            // Processed, but the answer never reaches the platform: it will send the same message again.
            loseNextAcknowledgement = false;
            throw new EpjTransportException("The acknowledgement was lost on the way back.");
        }

        return ack;
    }

    private EpjAcknowledgement Answer(Guid messageId, OutcomeKind kind, string? document, string? reason) => new()
    {
        MessageId = messageId,
        Receipt = ApplicationReceipt.Ok(messageId),
        Outcome = new BusinessOutcome { OriginalMessageId = messageId, Kind = kind, DocumentReference = document, Reason = reason, At = time.GetUtcNow() },
    };

    private AppointmentPublished Change(string appointmentId, Func<EpjAppointment, EpjAppointment> change, AppointmentChange kind)
    {
        var (appointment, pid) = appointments[appointmentId];
        var changed = change(appointment) with { Version = appointment.Version + 1 };
        appointments[appointmentId] = (changed, pid);
        return new AppointmentPublished { MessageId = Guid.NewGuid(), SentAt = time.GetUtcNow(), Change = kind, PatientPid = pid, Appointment = changed };
    }

    private void Publish(InboundMessage message)
    {
        // A real journal queues this and retries until the platform answers OK (an outbox); here it is sent at once.
        var target = platform ?? throw new InvalidOperationException("ConnectTo(platform) first.");
        _ = target.SendAsync(message, CancellationToken.None);
    }
}
