using System.Globalization;
using System.Xml.Linq;
using DigiHelsestasjon.Epj.Sdk.National.Kith;
using DigiHelsestasjon.Epj.Sdk.National.Mapping;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Epj.Sdk.Tests.National;

/// <summary>What a journal reads from the platform's messages as the guide describes them: who acted (Pasientrelasjon), which
/// appointment is cancelled (its time), and which conversation a message belongs to (the MsgId of its first message).</summary>
public sealed class PlatformToJournalTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-22T09:00:00Z", CultureInfo.InvariantCulture);
    private static readonly NationalRoute Route = new(new NationalParty("8140100", "DigiHelsestasjon"), new NationalParty("8140101", "HsPro"));
    private static readonly ActingPerson Mother = new() { Pid = "13115700217", Name = "Kari Nordmann Danser" };

    [StandardsFact]
    public void Given_a_parent_who_cancels_When_the_journal_reads_the_ART_Then_it_names_the_parent_by_foreldreansvar_and_the_appointments_own_time()
    {
        var start = DateTimeOffset.Parse("2026-12-03T09:15:00Z", CultureInfo.InvariantCulture);
        var request = new CancellationRequest
        {
            MessageId = Guid.NewGuid(), AppointmentId = "hspro-appt-17", PatientPid = "13116900216", UnitHerId = "95337", Reason = "Hun er syk.",
            RequestedByRelation = "parent", RequestedBy = Mother, RequestedAt = Now, AppointmentStart = start, AppointmentEnd = start.AddMinutes(30),
        };

        var read = ReadBack(PlatformToJournal.Cancellation(request, Route, Now));

        read.ActingFor.ShouldBe(new NationalRelatedPerson(Mother.Pid, "Kari Nordmann", "Danser", NationalCodes.Foreldreansvar));
        var appointment = read.Events.ShouldHaveSingleItem();
        (appointment.RelatedTo, appointment.Start, appointment.End).ShouldBe(("hspro-appt-17", start, start.AddMinutes(30)), "the event is the appointment, not the moment of asking");
        var back = PlatformToJournal.ReadCancellation(read, requiresApproval: false);
        (back.RequestedByRelation, back.RequestedBy, back.AppointmentStart).ShouldBe(("parent", Mother, (DateTimeOffset?)start));
    }

    [StandardsFact]
    public void Given_a_proxy_who_books_When_the_journal_reads_the_RT_Then_the_role_is_fullmakt_by_name_without_a_guessed_code()
    {
        var reservation = new SlotReservation { MessageId = Guid.NewGuid(), SlotId = "slot-9", PatientPid = "13116900216", RequestedByRelation = "fullmakt", RequestedBy = Mother };
        var slot = new FreeSlot { SlotId = "slot-9", UnitHerId = "95337", Start = Now.AddDays(3), End = Now.AddDays(3).AddMinutes(20), AppointmentType = "Samtale" };

        var message = PlatformToJournal.Reservation(reservation, slot, Route, Now);
        var document = KithXml.Write(message);
        NationalSchemas.Validate(document, NationalStandards.Schemas).ShouldBeEmpty();

        var role = document.Descendants(KithXml.PasientrelasjonNs + "Relasjon").Single();
        role.Attribute("V").ShouldBeNull("the guide gives a value for Foreldreansvar only");
        role.Attribute("OT")!.Value.ShouldBe("Fullmakt");
        var back = PlatformToJournal.ReadReservation(KithXml.Read(KithXml.Parse(KithXml.ToBytes(document))), slot.ToEvent());
        (back.RequestedByRelation, back.RequestedBy).ShouldBe(("fullmakt", Mother));
    }

    [StandardsFact]
    public void Given_a_booking_with_what_it_is_about_When_the_journal_reads_the_RT_Then_the_note_is_its_Sporsmal()
    {
        var reservation = new SlotReservation { MessageId = Guid.NewGuid(), SlotId = "slot-3", PatientPid = "13116900216", Note = "Vondt i magen etter skolen i to uker." };
        var slot = new FreeSlot { SlotId = "slot-3", UnitHerId = "95337", Start = Now.AddDays(2), End = Now.AddDays(2).AddMinutes(20), AppointmentType = "Samtale" };

        var document = KithXml.Write(PlatformToJournal.Reservation(reservation, slot, Route, Now));
        NationalSchemas.Validate(document, NationalStandards.Schemas).ShouldBeEmpty();

        document.Descendants(KithXml.DialogNs + "Sporsmal").Single().Value.ShouldBe("Vondt i magen etter skolen i to uker.", "as in the guide's own Reserver time example");
        PlatformToJournal.ReadReservation(KithXml.Read(KithXml.Parse(KithXml.ToBytes(document))), slot.ToEvent()).Note.ShouldBe("Vondt i magen etter skolen i to uker.");
        var without = KithXml.Write(PlatformToJournal.Reservation(reservation with { Note = "  " }, slot, Route, Now));
        without.Descendants(KithXml.DialogNs + "Sporsmal").ShouldBeEmpty("a blank note is no note");
    }

    [StandardsFact]
    public void Given_a_thread_the_citizen_opened_When_she_answers_the_units_reply_Then_the_journal_reads_22_in_the_conversation_her_first_message_named()
    {
        var thread = Guid.NewGuid();
        var first = new CitizenMessage
        {
            MessageId = thread, ConversationId = thread, PatientPid = "13116900216", UnitHerId = "95337", Subject = "Vaksine", Body = "Når er neste vaksine?",
            SenderRelation = "parent", SentBy = Mother, SentAt = Now,
        };
        var unitsReply = Guid.NewGuid();
        var answer = first with { MessageId = Guid.NewGuid(), InReplyTo = unitsReply, Body = "Takk, da kommer vi." };

        var opened = ReadBack(PlatformToJournal.CitizenMessage(first, Route, Now));
        var answered = ReadBack(PlatformToJournal.CitizenMessage(answer, Route, Now));

        (opened.Dialog.Code, opened.RefToConversation, opened.MsgId).ShouldBe((NationalCodes.Henvendelse, (string?)null, thread.ToString()));
        opened.ActingFor!.Relation.ShouldBe(NationalCodes.Foreldreansvar);
        (answered.Dialog.Code, answered.Dialog.IsRequest).ShouldBe((NationalCodes.SvarFraInnbygger, false));
        (answered.RefToConversation, answered.RefToParent).ShouldBe((thread.ToString(), unitsReply.ToString()));
        answered.Subject.ShouldBe("Vaksine");
    }

    [StandardsFact]
    public void Given_a_second_message_before_any_answer_When_the_journal_reads_it_Then_it_is_an_inquiry_in_the_same_conversation()
    {
        var thread = Guid.NewGuid();
        var second = new CitizenMessage { MessageId = Guid.NewGuid(), ConversationId = thread, PatientPid = "13116900216", UnitHerId = "95337", Subject = "Vaksine", Body = "Glemte å si: hun har eksem." };

        var read = ReadBack(PlatformToJournal.CitizenMessage(second, Route, Now));

        (read.Dialog.Code, read.RefToConversation, read.RefToParent).ShouldBe((NationalCodes.Henvendelse, thread.ToString(), thread.ToString()));
        read.ActingFor.ShouldBeNull("the patient wrote herself");
    }

    [StandardsFact]
    public void Given_a_journals_DI_with_a_generic_document_title_When_read_Then_the_subject_is_its_EmneSporsmal()
    {
        var message = new NationalMessage
        {
            Process = NationalProcess.EKontakt, MsgId = Guid.NewGuid().ToString(), GenDate = Now, Sender = Route.Journal, Receiver = Route.Platform,
            Patient = new NationalPatient("13116900216"), Subject = "Vaksinen er kommet", Dialog = new NationalDialog(true, NationalCodes.DialogInnbygger, "Ring oss for time."),
        };
        var document = KithXml.Write(message);
        document.Descendants(KithXml.MsgHeadNs + "ContentDescription").Single().Value = "Dialogmelding";

        KithXml.Read(KithXml.Parse(KithXml.ToBytes(document))).Subject.ShouldBe("Vaksinen er kommet");
    }

    private static NationalMessage ReadBack(NationalMessage sent)
    {
        var document = KithXml.Write(sent);
        NationalSchemas.Validate(document, NationalStandards.Schemas).ShouldBeEmpty();
        return KithXml.Read(KithXml.Parse(KithXml.ToBytes(document)));
    }
}

internal static class FreeSlotEvents
{
    public static NationalEvent ToEvent(this FreeSlot slot) => new() { Uid = slot.SlotId, Start = slot.Start, End = slot.End, Contact = slot.UnitHerId };
}
