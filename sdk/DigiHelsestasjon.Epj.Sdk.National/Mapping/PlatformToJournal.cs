using DigiHelsestasjon.Epj.Sdk.National.Kith;

namespace DigiHelsestasjon.Epj.Sdk.National.Mapping;

/// <summary>The two parties of one message and its patient: the platform (helsenorge's part) and the journal, with the
/// unit it concerns as the journal's sub-organisation.</summary>
public sealed record NationalRoute(NationalParty Platform, NationalParty Journal);

/// <summary>The contract's commands (platform -> journal) as the national processes carry them, and back (what a
/// journal reads). The MsgId is the command's MessageId, stable across retries, so the journal sees a retry as a duplicate.</summary>
public static class PlatformToJournal
{
    /// <summary>The contract's topic of a young person's own wish for a time.</summary>
    public const string TimeWishTopic = "time-wish";

    /// <summary>eKontakt: the message that opens a thread is a Henvendelse (HE) with no ConversationRef (HITS 1217 2.3; the
    /// platform gives it the thread's id, so <see cref="CitizenMessage.ConversationId"/> is that MsgId). A later message
    /// refers to the thread by it; an answer to the unit's message is the note 22 "Svar fra innbygger". A young person's
    /// wish for a time (topic "time-wish") is Timeønske ungdom: OT, the text saying when suits and why, never on anyone's
    /// behalf. A parent or proxy who writes is the Pasientrelasjon.</summary>
    public static NationalMessage CitizenMessage(CitizenMessage message, NationalRoute route, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(route);
        var wish = message.Topic == TimeWishTopic;
        var opensThread = message.ConversationId == message.MessageId || message.ConversationId == Guid.Empty;
        var answer = !wish && message.InReplyTo is not null;
        return new NationalMessage
        {
            Process = wish ? NationalProcess.TimeonskeUngdom : NationalProcess.EKontakt, MsgId = message.MessageId.ToString(), GenDate = now,
            Sender = route.Platform, Receiver = route.Journal with { UnitHerId = message.UnitHerId },
            Patient = new NationalPatient(message.PatientPid),
            RefToParent = opensThread ? null : (message.InReplyTo ?? message.ConversationId).ToString(),
            RefToConversation = opensThread ? null : message.ConversationId.ToString(),
            Subject = string.IsNullOrWhiteSpace(message.Subject) ? null : message.Subject,
            Dialog = new NationalDialog(!answer, wish ? NationalCodes.OnskeOmTime : answer ? NationalCodes.SvarFraInnbygger : NationalCodes.Henvendelse, message.Body),
            ActingFor = wish ? null : ActingFor(message.SentBy, message.SenderRelation),
            Attachments = [.. message.Attachments.Select(a => new NationalAttachment(a.FileName, a.ContentType, a.Content))],
        };
    }

    public static CitizenMessage ReadCitizenMessage(NationalMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new CitizenMessage
        {
            MessageId = NationalIds.ToGuid(message.MsgId), ConversationId = NationalIds.ToGuidOrNull(message.RefToConversation) ?? NationalIds.ToGuid(message.MsgId),
            InReplyTo = NationalIds.ToGuidOrNull(message.RefToParent), PatientPid = message.Patient?.Fnr ?? "",
            SenderRelation = RelationOf(message.ActingFor), SentBy = ActingPersonOf(message.ActingFor), UnitHerId = message.Receiver.UnitHerId ?? message.Receiver.HerId,
            Subject = message.Subject ?? "", Body = message.Dialog.Text ?? "", SentAt = message.GenDate,
            Topic = NationalProcess.Normalise(message.Process) == NationalProcess.TimeonskeUngdom ? TimeWishTopic : "",
            Attachments = [.. message.Attachments.Select(a => new EpjAttachment { FileName = a.FileName, ContentType = a.MimeType, Content = a.Content })],
        };
    }

    /// <summary>Avtaleavbestilling: ART with the appointment as an event: its <c>related-to</c> (and uid) the journal's id,
    /// its start and end the appointment's. <paramref name="process"/> is what the journal's agreement names (the guide's or
    /// the examples' spelling). A parent or proxy who asks is the Pasientrelasjon.</summary>
    public static NationalMessage Cancellation(CancellationRequest request, NationalRoute route, DateTimeOffset now, string process = NationalProcess.Avtaleavbestilling)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(route);

        // An item written before the platform carried the appointment's time has none: the request's time stands in.
        var start = request.AppointmentStart ?? request.RequestedAt;
        return new NationalMessage
        {
            Process = process, MsgId = request.MessageId.ToString(), GenDate = now,
            Sender = route.Platform, Receiver = route.Journal with { UnitHerId = request.UnitHerId },
            Patient = new NationalPatient(request.PatientPid), Subject = "Avbestill time",
            Dialog = new NationalDialog(true, NationalCodes.AvbestillReservertTime, string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason),
            ActingFor = ActingFor(request.RequestedBy, request.RequestedByRelation),
            Events = [new NationalEvent { Uid = request.AppointmentId, RelatedTo = request.AppointmentId, Start = start, End = request.AppointmentEnd ?? start, Contact = request.UnitHerId }],
        };
    }

    public static CancellationRequest ReadCancellation(NationalMessage message, bool requiresApproval)
    {
        ArgumentNullException.ThrowIfNull(message);
        var appointment = message.Events.FirstOrDefault() ?? throw new NationalFormatException("T02", "A cancellation needs the appointment as an iCalendar event.");
        return new CancellationRequest
        {
            MessageId = NationalIds.ToGuid(message.MsgId), AppointmentId = appointment.RelatedTo ?? appointment.Uid, PatientPid = message.Patient?.Fnr ?? "",
            UnitHerId = message.Receiver.UnitHerId ?? appointment.Contact ?? message.Receiver.HerId, Reason = message.Dialog.Text ?? "",
            RequestedByRelation = RelationOf(message.ActingFor), RequestedBy = ActingPersonOf(message.ActingFor), RequestedAt = message.GenDate, RequiresApproval = requiresApproval,
            AppointmentStart = appointment.Start == default ? null : appointment.Start, AppointmentEnd = appointment.End == default ? null : appointment.End,
        };
    }

    /// <summary>Timereservasjon: free times (HLT, synchronous). The journal answers what is free in its next four weeks.</summary>
    public static NationalMessage FreeSlotsQuery(string unitHerId, NationalRoute route, DateTimeOffset now) => new()
    {
        Process = NationalProcess.Timereservasjon, MsgId = Guid.NewGuid().ToString(), GenDate = now,
        Sender = route.Platform, Receiver = route.Journal with { UnitHerId = unitHerId }, Subject = "Hent ledige timer",
        Dialog = new NationalDialog(true, NationalCodes.HentLedigeTimer), AckRequested = false,
    };

    /// <summary>Timereservasjon: reserve a time (RT) by the slot's uid; the patient is the one the time is for.</summary>
    public static NationalMessage Reservation(SlotReservation reservation, FreeSlot slot, NationalRoute route, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ArgumentNullException.ThrowIfNull(slot);
        return new NationalMessage
        {
            Process = NationalProcess.Timereservasjon, MsgId = reservation.MessageId.ToString(), GenDate = now,
            Sender = route.Platform, Receiver = route.Journal with { UnitHerId = slot.UnitHerId }, Patient = new NationalPatient(reservation.PatientPid),
            Subject = "Reserver time", Dialog = new NationalDialog(true, NationalCodes.ReserverTime, NonEmpty(reservation.Note)), ActingFor = ActingFor(reservation.RequestedBy, reservation.RequestedByRelation),
            Events = [new NationalEvent { Uid = slot.SlotId, Start = slot.Start, End = slot.End, Description = slot.AppointmentType, Contact = slot.UnitHerId }],
        };
    }

    /// <summary>The answer to HLT: 03 with the free times as events, or 04 when there are none.</summary>
    public static NationalMessage FreeSlotsAnswer(NationalMessage request, IReadOnlyList<FreeSlot> slots, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Answer(request, now, slots.Count == 0 ? NationalCodes.IngenLedigeTimer : NationalCodes.LedigeTimer, null) with
        {
            // A synchronous answer wants no AppRec (HITS 1217: Ack N on the synchronous services).
            AckRequested = false,
            Events = [.. slots.Select(s => new NationalEvent { Uid = s.SlotId, Start = s.Start, End = s.End, Description = s.AppointmentType, Contact = s.UnitHerId })],
        };
    }

    public static IReadOnlyList<FreeSlot> ReadFreeSlots(NationalMessage answer, string unitHerId)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return [.. answer.Events.Select(e => new FreeSlot { SlotId = e.Uid, UnitHerId = e.Contact ?? unitHerId, Start = e.Start, End = e.End, AppointmentType = e.Description ?? "" })];
    }

    /// <summary>An answer (Notat) to <paramref name="request"/>: the parties swapped (both levels kept), ConversationRef to the request.</summary>
    public static NationalMessage Answer(NationalMessage request, DateTimeOffset now, string code, string? text)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new NationalMessage
        {
            Process = request.Process, MsgId = Guid.NewGuid().ToString(), GenDate = now, Sender = request.Receiver, Receiver = request.Sender,
            Patient = request.Patient, RefToParent = request.MsgId, RefToConversation = request.RefToConversation ?? request.MsgId,
            Subject = request.Subject, Dialog = new NationalDialog(false, code, text),
        };
    }

    /// <summary>A reservation as a journal reads it: the slot by its uid, who asked from the Pasientrelasjon.</summary>
    public static SlotReservation ReadReservation(NationalMessage message, NationalEvent slot)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(slot);
        return new SlotReservation
        {
            MessageId = NationalIds.ToGuid(message.MsgId), SlotId = slot.Uid, PatientPid = message.Patient?.Fnr ?? "",
            RequestedByRelation = RelationOf(message.ActingFor), RequestedBy = ActingPersonOf(message.ActingFor),
            Note = NonEmpty(message.Dialog?.Text),
        };
    }

    // The citizen's note ("hva gjelder det") is the request's Sporsmal, as in the guide's example of Reserver time.
    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text!.Trim();

    /// <summary>The Pasientrelasjon of a parent (Foreldreansvar) or proxy (Fullmakt); none when the patient acts.</summary>
    private static NationalRelatedPerson? ActingFor(ActingPerson? person, string relation)
    {
        if (person is null || string.IsNullOrEmpty(person.Pid) || relation == "self")
        {
            return null;
        }

        // The platform holds one name; the last word is taken as the family name, as Norwegian names are written.
        var name = person.Name.Trim();
        var split = name.LastIndexOf(' ');
        return new NationalRelatedPerson(person.Pid, split < 0 ? "" : name[..split], split < 0 ? name : name[(split + 1)..],
            relation == "parent" ? NationalCodes.Foreldreansvar : NationalCodes.Fullmakt);
    }

    private static string RelationOf(NationalRelatedPerson? person) =>
        person is null ? "self" : person.Relation == NationalCodes.Foreldreansvar ? "parent" : "fullmakt";

    private static ActingPerson? ActingPersonOf(NationalRelatedPerson? person) =>
        person is null ? null : new ActingPerson { Pid = person.Fnr, Name = $"{person.GivenName} {person.FamilyName}".Trim() };
}
