using DigiHelsestasjon.Epj.Sdk.National.Kith;

namespace DigiHelsestasjon.Epj.Sdk.National.Mapping;

/// <summary>What a journal sends (the contract's inbound messages) as the national processes carry them, and back (what
/// the platform reads). Each national message gives the contract's messages whose ids derive from its MsgId, so a
/// duplicate gives the same ids and the platform's idempotency holds.</summary>
public static class JournalToPlatform
{
    /// <summary>Avtaleutsending: MOA for a new appointment (a request), 07 changed, 08 cancelled, 11 no-show (answers);
    /// <c>related-to</c> is the appointment's identity across moves, the event's SEQUENCE its version.</summary>
    public static NationalMessage Appointment(AppointmentPublished published, NationalRoute route, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(route);
        var appointment = published.Appointment;
        var code = appointment.Status switch
        {
            AppointmentStatus.NoShow => NationalCodes.PasientIkkeMott,
            AppointmentStatus.Cancelled => NationalCodes.AvbestillingAvTimeBekreftet,
            _ when published.Change == AppointmentChange.Changed => NationalCodes.EndringAvTimeBekreftet,
            _ => NationalCodes.MeldingOmAvtale,
        };
        return new NationalMessage
        {
            Process = NationalProcess.Avtaleutsending, MsgId = published.MessageId.ToString(), GenDate = now,
            Sender = route.Journal with { UnitHerId = appointment.UnitHerId }, Receiver = route.Platform, Patient = new NationalPatient(published.PatientPid),
            Dialog = new NationalDialog(code == NationalCodes.MeldingOmAvtale, code),
            Events =
            [
                new NationalEvent
                {
                    Uid = $"{appointment.AppointmentId}-{appointment.Version}", RelatedTo = appointment.AppointmentId, Sequence = appointment.Version,
                    Start = appointment.Start, End = appointment.End, Location = appointment.Location, Description = appointment.AppointmentType,
                    Organizer = appointment.PractitionerRole, Contact = appointment.UnitHerId, Category = appointment.IsVideo ? NationalCodes.VideoTimetype : null,
                    Status = appointment.Status switch { AppointmentStatus.Cancelled => "CANCELLED", AppointmentStatus.Attended => "COMPLETED", _ => "CONFIRMED" },
                },
            ],
        };
    }

    /// <summary>eKontakt: an answer to the citizen's message is 19 (svar på henvendelse), a new message from the unit DI.</summary>
    public static NationalMessage HealthServiceMessage(HealthServiceMessage message, NationalRoute route, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(route);
        var reply = message.InReplyTo is not null;
        return new NationalMessage
        {
            Process = NationalProcess.EKontakt, MsgId = message.MessageId.ToString(), GenDate = now,
            Sender = route.Journal with { UnitHerId = message.UnitHerId }, Receiver = route.Platform, Patient = new NationalPatient(message.PatientPid),
            RefToParent = message.InReplyTo?.ToString(), RefToConversation = message.ConversationId?.ToString(),
            Subject = string.IsNullOrWhiteSpace(message.Subject) ? null : message.Subject,
            Dialog = new NationalDialog(!reply, reply ? NationalCodes.SvarPaHenvendelse : NationalCodes.DialogInnbygger, message.Body),
            Attachments = [.. message.Attachments.Select(a => new NationalAttachment(a.FileName, a.ContentType, a.Content))],
        };
    }

    /// <summary>Avtaleavbestilling's answer: 08 cancelled or 09 refused with the reason.</summary>
    public static NationalMessage CancellationAnswer(Guid cancellationMessageId, bool cancelled, string? reason, string patientPid, string unitHerId, NationalRoute route, DateTimeOffset now, Guid messageId)
    {
        ArgumentNullException.ThrowIfNull(route);
        return new NationalMessage
        {
            Process = NationalProcess.Avtaleavbestilling, MsgId = messageId.ToString(), GenDate = now,
            Sender = route.Journal with { UnitHerId = unitHerId }, Receiver = route.Platform, Patient = new NationalPatient(patientPid),
            RefToParent = cancellationMessageId.ToString(), RefToConversation = cancellationMessageId.ToString(),
            Dialog = new NationalDialog(false, cancelled ? NationalCodes.AvbestillingAvTimeBekreftet : NationalCodes.TimeKunneIkkeAvbestilles, reason),
        };
    }

    /// <summary>What the platform reads from a journal's message; <paramref name="originalProcessOf"/> tells which process
    /// a platform message (by its MessageId) belonged to, null when the platform did not send it.</summary>
    public static IReadOnlyList<InboundMessage> Read(NationalMessage message, Func<Guid, string?> originalProcessOf)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(originalProcessOf);
        var id = NationalIds.ToGuid(message.MsgId);
        var parent = NationalIds.ToGuidOrNull(message.RefToParent);
        var process = NationalProcess.Normalise(message.Process);
        var answersOurs = parent is { } p && originalProcessOf(p) is not null;
        var code = message.Dialog.Code;

        if (process == NationalProcess.EKontakt)
        {
            return [new HealthServiceMessage
            {
                MessageId = id, SentAt = message.GenDate, ConversationId = NationalIds.ToGuidOrNull(message.RefToConversation) ?? id,
                InReplyTo = answersOurs ? parent : null, PatientPid = message.Patient?.Fnr ?? "", UnitHerId = message.Sender.UnitHerId ?? message.Sender.HerId,
                Subject = message.Subject ?? "", Body = message.Dialog.Text ?? TextOf(code),
                Attachments = [.. message.Attachments.Select(a => new EpjAttachment { FileName = a.FileName, ContentType = a.MimeType, Content = a.Content })],
            }];
        }

        if (answersOurs && process == NationalProcess.TimeonskeUngdom)
        {
            // The unit's answer to a young person's wish: the wish is handled (journaled), the answer is a message in her
            // thread, and a time given (05 with the event) is her appointment.
            var appointment = message.Events.FirstOrDefault();
            var booked = code == NationalCodes.TimereservasjonBekreftet && appointment is not null;
            var reply = new HealthServiceMessage
            {
                MessageId = Derived(message.MsgId, "reply"), SentAt = message.GenDate, ConversationId = NationalIds.ToGuidOrNull(message.RefToConversation) ?? parent!.Value,
                InReplyTo = parent, PatientPid = message.Patient?.Fnr ?? "", UnitHerId = message.Sender.UnitHerId ?? message.Sender.HerId,
                Subject = message.Subject ?? "Ønske om time",
                Body = message.Dialog.Text ?? (booked ? "Du har fått time." : "Vi har ikke en ledig time som passer nå. Vi tar kontakt med deg."),
            };
            var outcome = Outcome(id, parent!.Value, message, OutcomeKind.Journaled, booked ? appointment!.RelatedTo ?? appointment.Uid : null);
            return booked ? [outcome, reply, Published(message, appointment!, Derived(message.MsgId, "appointment"))] : [outcome, reply];
        }

        if (answersOurs && process == NationalProcess.Avtaleavbestilling)
        {
            var cancelled = code == NationalCodes.AvbestillingAvTimeBekreftet;
            return [Outcome(id, parent!.Value, message, cancelled ? OutcomeKind.Journaled : OutcomeKind.Refused, null)];
        }

        if (answersOurs && process == NationalProcess.Timereservasjon)
        {
            var booked = code == NationalCodes.TimereservasjonBekreftet;
            var appointment = message.Events.FirstOrDefault();
            var reference = appointment?.RelatedTo ?? appointment?.Uid;
            var outcome = Outcome(id, parent!.Value, message, booked ? OutcomeKind.Journaled : OutcomeKind.Refused, booked ? reference : null);
            if (!booked)
            {
                // 06 (not available) and 34 are the contract's "slot taken": the platform offers fresh times.
                return [outcome with { Receipt = ApplicationReceipt.Rejected(parent!.Value, EpjError.Of(EpjErrorCodes.SlotNotAvailable, "The time is no longer available.")) }];
            }

            // The answer is the reservation's receipt too (its AppRec only said the message arrived).
            outcome = outcome with { Receipt = ApplicationReceipt.Ok(parent!.Value) };
            return appointment is null ? [outcome] : [outcome, Published(message, appointment, Derived(message.MsgId, "appointment"))];
        }

        if (process is NationalProcess.Avtaleutsending or NationalProcess.Timereservasjon && message.Events.FirstOrDefault() is { } published)
        {
            return [Published(message, published, id)];
        }

        throw new NationalFormatException("T02", $"The platform does not take {process} messages with code {code}.");
    }

    /// <summary>An AppRec for a platform message: its receipt; for a citizen's message an OK also means it is in the
    /// journal (eKontakt has no later answer that says so).</summary>
    public static OutcomeReported ReadAppRec(NationalAppRec appRec, string? originalProcess)
    {
        ArgumentNullException.ThrowIfNull(appRec);
        var original = NationalIds.ToGuid(appRec.OriginalMsgId);
        var errors = appRec.Errors.Select(e => EpjError.Of(e.Code, e.Description)).ToList();
        var receipt = new ApplicationReceipt
        {
            OriginalMessageId = original, Errors = errors,
            Status = appRec.Status switch { AppRecStatus.Ok => ReceiptStatus.Ok, AppRecStatus.OkWithErrors => ReceiptStatus.OkWithErrors, _ => ReceiptStatus.Rejected },
        };
        var journaled = appRec.Status != AppRecStatus.Rejected && originalProcess == NationalProcess.EKontakt;
        return new OutcomeReported
        {
            MessageId = NationalIds.ToGuid(appRec.MsgId), SentAt = appRec.GenDate, OriginalMessageId = original, Receipt = receipt,
            // An AppRec names no journal document; its own MsgId is the journal's record of taking the message in.
            Outcome = journaled ? new BusinessOutcome { OriginalMessageId = original, Kind = OutcomeKind.Journaled, At = appRec.GenDate, DocumentReference = $"AppRec {appRec.MsgId}" } : null,
        };
    }

    private static OutcomeReported Outcome(Guid id, Guid original, NationalMessage message, OutcomeKind kind, string? reference) => new()
    {
        MessageId = id, SentAt = message.GenDate, OriginalMessageId = original,
        Outcome = new BusinessOutcome { OriginalMessageId = original, Kind = kind, At = message.GenDate, DocumentReference = reference, Reason = kind == OutcomeKind.Refused ? message.Dialog.Text : null },
    };

    private static AppointmentPublished Published(NationalMessage message, NationalEvent appointment, Guid id)
    {
        var code = message.Dialog.Code;
        var status = code switch
        {
            NationalCodes.PasientIkkeMott => AppointmentStatus.NoShow,
            NationalCodes.AvbestillingAvTimeBekreftet => AppointmentStatus.Cancelled,
            _ when appointment.Status == "CANCELLED" => AppointmentStatus.Cancelled,
            _ when appointment.Status == "COMPLETED" => AppointmentStatus.Attended,
            _ => AppointmentStatus.Booked,
        };
        return new AppointmentPublished
        {
            MessageId = id, SentAt = message.GenDate, PatientPid = message.Patient?.Fnr ?? "",
            Change = status == AppointmentStatus.Cancelled ? AppointmentChange.Cancelled : code == NationalCodes.EndringAvTimeBekreftet ? AppointmentChange.Changed : AppointmentChange.Created,
            Appointment = new EpjAppointment
            {
                AppointmentId = appointment.RelatedTo ?? appointment.Uid,

                // The guide has no version; the event's SEQUENCE (iCalendar's revision) is one, else the message's time, with
                // the step of the appointment's life as the last digit: journals write GenDate to the second, and a move,
                // a cancellation or a no-show sent in the same second as the appointment still comes after it.
                Version = appointment.Sequence is > 0 ? appointment.Sequence.Value : Math.Max(1, message.GenDate.ToUnixTimeMilliseconds()) * 4 + Step(code),
                UnitHerId = appointment.Contact ?? message.Sender.UnitHerId ?? message.Sender.HerId, Start = appointment.Start, End = appointment.End,
                AppointmentType = appointment.Description ?? "", PractitionerRole = appointment.Organizer ?? "", Location = appointment.Location ?? "", Status = status,
                IsVideo = string.Equals(appointment.Category, NationalCodes.VideoTimetype, StringComparison.OrdinalIgnoreCase),
            },
        };
    }

    /// <summary>What the citizen reads when the unit's answer is only a code: the dialog closed (13), or a refusal after the
    /// message was received (26, 30, 31: HITS 1217 answers a failure after a positive AppRec in the dialog, not as an AppRec).</summary>
    private static string TextOf(string code) => code switch
    {
        NationalCodes.DialogAvsluttet => "Dialogen er avsluttet.",
        NationalCodes.ForesporselAvvist => "Helsestasjonen kunne ikke ta imot henvendelsen. Ta kontakt på telefon om det haster.",
        NationalCodes.IkkeTilgang => "Du har ikke tilgang til denne tjenesten hos helsestasjonen. Ta kontakt på telefon.",
        NationalCodes.GenerellFeil => "Det oppstod en feil hos helsestasjonen, så henvendelsen ble ikke behandlet. Ta kontakt på telefon.",
        _ => "",
    };

    private static int Step(string code) => code switch
    {
        NationalCodes.EndringAvTimeBekreftet => 1,
        NationalCodes.AvbestillingAvTimeBekreftet => 2,
        NationalCodes.PasientIkkeMott => 3,
        _ => 0,
    };

    /// <summary>A second contract message from one national message gets an id of its own, the same every time.</summary>
    private static Guid Derived(string msgId, string part) => NationalIds.ToGuid($"{msgId}/{part}");
}
