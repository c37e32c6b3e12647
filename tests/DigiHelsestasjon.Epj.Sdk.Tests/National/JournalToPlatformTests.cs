using System.Globalization;
using DigiHelsestasjon.Epj.Sdk.National.Kith;
using DigiHelsestasjon.Epj.Sdk.National.Mapping;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Epj.Sdk.Tests.National;

/// <summary>What the citizen sees of a journal's national messages.</summary>
public sealed class JournalToPlatformTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-22T09:00:00Z", CultureInfo.InvariantCulture);
    private static readonly System.Xml.Linq.XNamespace ICal = "urn:ietf:params:xml:ns:icalendar-2.0";

    [Theory]
    [InlineData(NationalCodes.ForesporselAvvist, "kunne ikke ta imot henvendelsen")]
    [InlineData(NationalCodes.IkkeTilgang, "ikke tilgang")]
    [InlineData(NationalCodes.GenerellFeil, "feil hos helsestasjonen")]
    public void Given_a_refusal_with_only_its_code_after_the_AppRec_When_read_Then_the_citizen_reads_in_norwegian_what_happened_in_her_thread(string code, string says)
    {
        var thread = Guid.NewGuid();
        var refusal = new NationalMessage
        {
            Process = NationalProcess.EKontakt, MsgId = Guid.NewGuid().ToString(), GenDate = Now, Sender = new NationalParty("81401001", "HsPro", "95337"),
            Receiver = new NationalParty("8140100", "DigiHelsestasjon"), Patient = new NationalPatient("13116900216"),
            RefToParent = thread.ToString(), RefToConversation = thread.ToString(), Dialog = new NationalDialog(false, code),
        };

        var read = JournalToPlatform.Read(refusal, id => id == thread ? NationalProcess.EKontakt : null).ShouldHaveSingleItem().ShouldBeOfType<HealthServiceMessage>();

        (read.ConversationId, read.InReplyTo).ShouldBe((thread, (Guid?)thread));
        read.Body.ShouldContain(says);
    }

    [StandardsFact]
    public void Given_a_video_appointment_When_the_journal_sends_it_nationally_Then_its_timetype_is_Video_and_the_platform_reads_it_as_video()
    {
        var route = new NationalRoute(new NationalParty("8140100", "DigiHelsestasjon"), new NationalParty("8140101", "HsPro"));
        var published = new AppointmentPublished
        {
            MessageId = Guid.NewGuid(), SentAt = Now, Change = AppointmentChange.Created, PatientPid = "13116900216",
            Appointment = new EpjAppointment { AppointmentId = "v-1", Version = 1, UnitHerId = "95337", Start = Now.AddDays(2), End = Now.AddDays(2).AddMinutes(20), AppointmentType = "Samtale", IsVideo = true },
        };

        var document = KithXml.Write(JournalToPlatform.Appointment(published, route, Now));
        NationalSchemas.Validate(document, NationalStandards.Schemas).ShouldBeEmpty();

        document.Descendants(ICal + "categories").Single().Value.ShouldBe("Video", "HITS 1217, 2.8.2: the timetype in categories");
        var read = JournalToPlatform.Read(KithXml.Read(KithXml.Parse(KithXml.ToBytes(document))), _ => null).OfType<AppointmentPublished>().Single();
        read.Appointment.IsVideo.ShouldBeTrue();
        var visit = KithXml.Write(JournalToPlatform.Appointment(published with { Appointment = published.Appointment with { IsVideo = false } }, route, Now));
        visit.Descendants(ICal + "categories").ShouldBeEmpty("an ordinary visit has no timetype");
    }

    [Fact]
    public void Given_an_appointment_then_its_move_cancellation_and_no_show_in_one_second_without_SEQUENCE_When_read_Then_each_comes_after_the_one_before()
    {
        var second = DateTimeOffset.Parse("2026-12-05T20:15:23Z", CultureInfo.InvariantCulture);
        var versions = new[] { NationalCodes.MeldingOmAvtale, NationalCodes.EndringAvTimeBekreftet, NationalCodes.AvbestillingAvTimeBekreftet, NationalCodes.PasientIkkeMott }
            .Select(code => new NationalMessage
            {
                Process = NationalProcess.Avtaleutsending, MsgId = Guid.NewGuid().ToString(), GenDate = second, Sender = new NationalParty("81401001", "HsPro", "95337"),
                Receiver = new NationalParty("8140100", "DigiHelsestasjon"), Patient = new NationalPatient("13116900216"),
                Dialog = new NationalDialog(code == NationalCodes.MeldingOmAvtale, code),
                Events = [new NationalEvent { Uid = "a-1", RelatedTo = "a-1", Start = second.AddDays(3), End = second.AddDays(3).AddMinutes(30) }],
            })
            .Select(m => JournalToPlatform.Read(m, _ => null).OfType<AppointmentPublished>().Single().Appointment.Version)
            .ToList();

        versions.ShouldBe(versions.Order().Distinct().ToList(), "strictly increasing, so none is dropped as stale");
    }
}
