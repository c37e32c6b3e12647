using System.Globalization;
using System.Text;
using System.Xml.Linq;
using DigiHelsestasjon.Epj.Sdk.National.Kith;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Epj.Sdk.Tests.National;

/// <summary>Messages the platform builds itself: each must pass the national schemas and read back as sent.</summary>
public sealed class KithRoundTripTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-22T09:00:00Z", CultureInfo.InvariantCulture);
    private static readonly NationalParty Helsenorge = new("115851", "DIREKTORATET FOR E-HELSE", "8093248", "Digitale innbyggertjenester");
    private static readonly NationalParty Helsestasjon = new("91146", "Testkommune", "95337", "Helsestasjon Sentrum");
    private static readonly NationalPatient Child = new("13116900216", "Line", "Danser");

    [StandardsFact]
    public void Given_a_citizens_inquiry_with_a_pdf_When_written_and_read_Then_it_validates_and_comes_back_equal()
    {
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n%fake but binary enough\u00ff");
        var sent = new NationalMessage
        {
            Process = NationalProcess.EKontakt,
            MsgId = Guid.NewGuid().ToString(),
            GenDate = Now,
            Sender = Helsenorge,
            Receiver = Helsestasjon,
            Patient = Child,
            Subject = "Spørsmål om vaksine",
            Dialog = new NationalDialog(true, NationalCodes.Henvendelse, "Når skal hun ha neste vaksine?"),
            Attachments = [new NationalAttachment("vaksinekort.pdf", "application/pdf", pdf)],
        };

        var back = RoundTrip(sent);

        back.Attachments.Count.ShouldBe(1);
        back.Attachments[0].FileName.ShouldBe("vaksinekort.pdf");
        back.Attachments[0].MimeType.ShouldBe("application/pdf");
        back.Attachments[0].Content.ShouldBe(pdf);
        back.Subject.ShouldBe(sent.Subject);
        back.Patient.ShouldBe(Child);
    }

    [StandardsFact]
    public void Given_a_young_persons_wish_for_a_time_When_mapped_written_and_read_Then_it_is_Timeonske_ungdom_with_OT_and_reads_back_as_a_wish()
    {
        var wish = new CitizenMessage
        {
            MessageId = Guid.NewGuid(), ConversationId = Guid.NewGuid(), PatientPid = Child.Fnr, UnitHerId = "95337", Subject = "Ønske om time",
            Body = "Helst torsdag formiddag, jeg har vondt i ryggen.", Topic = "time-wish", SentAt = Now,
        };

        var sent = DigiHelsestasjon.Epj.Sdk.National.Mapping.PlatformToJournal.CitizenMessage(wish, new DigiHelsestasjon.Epj.Sdk.National.Mapping.NationalRoute(Helsenorge, Helsestasjon), Now);
        var document = KithXml.Write(sent);
        NationalSchemas.Validate(document, NationalStandards.Schemas).ShouldBeEmpty();
        var back = KithXml.Read(KithXml.Parse(KithXml.ToBytes(document)));

        (back.Process, back.Dialog.Code, back.Dialog.IsRequest).ShouldBe((NationalProcess.TimeonskeUngdom, NationalCodes.OnskeOmTime, true));
        back.Dialog.Text.ShouldBe(wish.Body);
        back.ActingFor.ShouldBeNull("a young person's own wish: no Pasientrelasjon");
        var read = DigiHelsestasjon.Epj.Sdk.National.Mapping.PlatformToJournal.ReadCitizenMessage(back);
        (read.Topic, read.Body, read.MessageId).ShouldBe(("time-wish", wish.Body, wish.MessageId));
    }

    [StandardsFact]
    public void Given_an_answer_in_a_conversation_When_written_and_read_Then_the_conversation_refs_come_back()
    {
        var sent = new NationalMessage
        {
            Process = NationalProcess.EKontakt,
            MsgId = Guid.NewGuid().ToString(),
            GenDate = Now,
            Sender = Helsestasjon,
            Receiver = Helsenorge,
            Patient = Child,
            RefToParent = "b6cd42ac-21d1-4706-b229-2d2697fcbb4f",
            RefToConversation = "a1111111-21d1-4706-b229-2d2697fcbb4f",
            Dialog = new NationalDialog(false, NationalCodes.SvarPaHenvendelse, "Neste vaksine er ved 15 måneder."),
        };

        var back = RoundTrip(sent);

        back.Dialog.IsRequest.ShouldBeFalse();
        back.Dialog.CodeText.ShouldBe("Svar på henvendelse");
    }

    [StandardsFact]
    public void Given_an_appointment_sent_out_When_written_and_read_Then_the_event_comes_back_in_norwegian_time()
    {
        var appointment = new NationalEvent
        {
            Uid = Guid.NewGuid().ToString(),
            RelatedTo = Guid.NewGuid().ToString(),
            Start = DateTimeOffset.Parse("2026-12-03T10:15:00+01:00", CultureInfo.InvariantCulture),
            End = DateTimeOffset.Parse("2026-12-03T10:45:00+01:00", CultureInfo.InvariantCulture),
            Status = "CONFIRMED",
            Location = "Helsestasjon Sentrum, rom 3",
            Description = "4-årskontroll",
            Contact = "95337",
            Organizer = "Helsestasjon Sentrum",
        };
        var sent = new NationalMessage
        {
            Process = NationalProcess.Avtaleutsending,
            MsgId = Guid.NewGuid().ToString(),
            GenDate = Now,
            Sender = Helsestasjon,
            Receiver = Helsenorge,
            Patient = Child,
            Dialog = new NationalDialog(true, NationalCodes.MeldingOmAvtale),
            Events = [appointment],
        };

        var document = KithXml.Write(sent);
        var back = RoundTrip(sent);

        back.Events.ShouldBe([appointment]);
        document.Descendants(KithXml.ICalendarNs + "dtstart").Single().Value.ShouldBe("2026-12-03T10:15:00");
        document.Descendants(KithXml.DialogNs + "TypeForesp").Single().Attribute("S")!.Value.ShouldBe(NationalCodes.RequestCodeSystem);
    }

    [StandardsFact]
    public void Given_a_cancellation_by_a_parent_When_written_and_read_Then_the_pasientrelasjon_comes_back()
    {
        var parent = new NationalRelatedPerson("13115700217", "Far", "Danser", NationalCodes.Foreldreansvar);
        var sent = new NationalMessage
        {
            Process = NationalProcess.Avtaleavbestilling,
            MsgId = Guid.NewGuid().ToString(),
            GenDate = Now,
            Sender = Helsenorge,
            Receiver = Helsestasjon,
            Patient = Child,
            Subject = "Avbestill reservert time",
            Dialog = new NationalDialog(true, NationalCodes.AvbestillReservertTime, "Hun er syk."),
            Events = [new NationalEvent { Uid = "4088E990AD89CB3DBB484909", RelatedTo = "651b1341-26ca-11e4-8c21-0800200c9a66", Start = Now, End = Now.AddMinutes(30), Contact = "95337" }],
            ActingFor = parent,
        };

        var back = RoundTrip(sent);

        back.ActingFor.ShouldBe(parent);
    }

    [StandardsFact]
    public void Given_three_free_times_When_the_answer_is_written_and_read_Then_all_three_come_back()
    {
        var day = DateTimeOffset.Parse("2026-07-01T08:00:00+02:00", CultureInfo.InvariantCulture);
        var free = Enumerable.Range(0, 3).Select(i => new NationalEvent
        {
            Uid = Guid.NewGuid().ToString(),
            Start = day.AddMinutes(30 * i),
            End = day.AddMinutes((30 * i) + 20),
            Status = "TENTATIVE",
            Contact = "95337",
        }).ToList();
        var sent = new NationalMessage
        {
            Process = NationalProcess.Timereservasjon,
            MsgId = Guid.NewGuid().ToString(),
            GenDate = Now,
            Sender = Helsestasjon,
            Receiver = Helsenorge,
            Patient = Child,
            RefToParent = "ae53cf18-c834-4342-994c-387e5b80078c",
            RefToConversation = "ae53cf18-c834-4342-994c-387e5b80078c",
            Dialog = new NationalDialog(false, NationalCodes.LedigeTimer),
            Events = free,
            AckRequested = false,
        };

        var back = RoundTrip(sent);

        back.Events.ShouldBe(free);
        back.AckRequested.ShouldBeFalse();
    }

    [Fact]
    public void Given_bytes_that_are_not_xml_When_parsed_Then_T01_without_the_content()
    {
        var error = Should.Throw<NationalFormatException>(() => KithXml.Parse(Encoding.UTF8.GetBytes("13116900216 <MsgHead><Patient>")));

        error.Code.ShouldBe("T01");
        error.Message.ShouldNotContain("13116900216");
    }

    [Fact]
    public void Given_a_msghead_without_dialogmelding_When_read_Then_it_is_T01_unreadable_naming_what_is_missing()
    {
        var document = KithXml.Write(new NationalMessage
        {
            Process = NationalProcess.EKontakt,
            MsgId = "m-1",
            GenDate = Now,
            Sender = Helsenorge,
            Receiver = Helsestasjon,
            Patient = Child,
            Dialog = new NationalDialog(true, NationalCodes.Henvendelse, "Hemmelig tekst"),
        });
        document.Descendants(KithXml.DialogNs + "Dialogmelding").Single().Remove();

        var error = Should.Throw<NationalFormatException>(() => KithXml.Read(document));

        error.Code.ShouldBe("T01", "the header reads; the content does not (8221: \"uleselig\")");
        error.Message.ShouldBe("The message has no readable business document (no Dialogmelding).");
    }

    [Theory]
    [InlineData("MsgId", "MsgInfo/MsgId is missing")]
    [InlineData("Type", "MsgInfo/Type is missing")]
    [InlineData("Sender", "MsgInfo/Sender HER-id is missing")]
    public void Given_a_msghead_without_a_required_part_When_read_Then_T02_names_it(string removed, string expected)
    {
        var document = KithXml.Write(new NationalMessage
        {
            Process = NationalProcess.EKontakt,
            MsgId = "m-1",
            GenDate = Now,
            Sender = Helsenorge,
            Receiver = Helsestasjon,
            Patient = Child,
            Dialog = new NationalDialog(true, NationalCodes.Henvendelse),
        });
        document.Root!.Element(KithXml.MsgHeadNs + "MsgInfo")!.Element(KithXml.MsgHeadNs + removed)!.Remove();

        var error = Should.Throw<NationalFormatException>(() => KithXml.Read(document));

        error.Code.ShouldBe("T02");
        error.Message.ShouldBe(expected);
        error.Message.ShouldNotContain(Child.Fnr);
    }

    [StandardsFact]
    public void Given_a_message_with_refdocs_msgtype_removed_When_validated_Then_the_error_names_the_element()
    {
        var document = KithXml.Write(new NationalMessage
        {
            Process = NationalProcess.EKontakt,
            MsgId = "m-1",
            GenDate = Now,
            Sender = Helsenorge,
            Receiver = Helsestasjon,
            Patient = Child,
            Dialog = new NationalDialog(true, NationalCodes.Henvendelse),
        });
        document.Descendants(KithXml.MsgHeadNs + "MsgType").First().Remove();

        var errors = NationalSchemas.Validate(document, NationalStandards.Schemas);

        errors.ShouldNotBeEmpty();
        errors[0].ShouldContain("MsgType");
    }

    [StandardsFact]
    public void Given_a_patient_id_with_a_bad_value_When_validated_Then_the_error_does_not_quote_it()
    {
        var document = KithXml.Write(new NationalMessage
        {
            Process = NationalProcess.EKontakt,
            MsgId = "m-1",
            GenDate = Now,
            Sender = Helsenorge,
            Receiver = Helsestasjon,
            Patient = Child,
            Dialog = new NationalDialog(true, NationalCodes.Henvendelse),
        });
        document.Descendants(KithXml.MsgHeadNs + "GenDate").Single().Value = "13116900216";

        var errors = NationalSchemas.Validate(document, NationalStandards.Schemas);

        errors.ShouldNotBeEmpty();
        errors.ShouldAllBe(e => !e.Contains("13116900216"));
    }

    private static NationalMessage RoundTrip(NationalMessage sent)
    {
        var document = KithXml.Write(sent);
        NationalSchemas.Validate(document, NationalStandards.Schemas).ShouldBeEmpty();

        var back = KithXml.Read(KithXml.Parse(KithXml.ToBytes(document)));

        back.Process.ShouldBe(sent.Process);
        back.MsgId.ShouldBe(sent.MsgId);
        back.GenDate.ShouldBe(sent.GenDate);
        back.Sender.ShouldBe(sent.Sender);
        back.Receiver.ShouldBe(sent.Receiver);
        back.Patient.ShouldBe(sent.Patient);
        back.RefToParent.ShouldBe(sent.RefToParent);
        back.RefToConversation.ShouldBe(sent.RefToConversation);
        back.Dialog.IsRequest.ShouldBe(sent.Dialog.IsRequest);
        back.Dialog.Code.ShouldBe(sent.Dialog.Code);
        back.Dialog.Text.ShouldBe(sent.Dialog.Text);
        back.Events.Count.ShouldBe(sent.Events.Count);
        back.ActingFor.ShouldBe(sent.ActingFor);
        return back;
    }
}
