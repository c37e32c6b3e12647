using System.Xml.Linq;
using DigiHelsestasjon.Epj.Sdk.National.Kith;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Epj.Sdk.Tests.National;

/// <summary>The Directorate's 45 example messages are what the journals already send and receive; the codec must read
/// every one and write each back in a form the national schemas accept.</summary>
public sealed class KithExampleTests
{
    private static readonly XNamespace Mh = KithXml.MsgHeadNs;
    private static readonly XNamespace Dia = KithXml.DialogNs;

    public static IEnumerable<object[]> Examples() => NationalStandards.Examples();

    [StandardsFact]
    public void Given_the_standards_folder_When_listing_the_examples_Then_there_are_45()
    {
        Examples().Count().ShouldBe(45);
    }

    [StandardsTheory]
    [MemberData(nameof(Examples))]
    public void Given_an_example_When_read_Then_its_process_id_sender_and_dialog_code_come_out(string example)
    {
        var document = NationalStandards.LoadExample(example);

        var message = KithXml.Read(document);

        // The folder is named after the process; the Avtaleavbestilling examples carry the examples' own spelling.
        var folderProcess = example.Split('/')[0];
        NationalProcess.Normalise(message.Process).ShouldBe(folderProcess);
        message.MsgId.ShouldBe(document.Descendants(Mh + "MsgId").Single().Value);
        var senderOrganisation = document.Descendants(Mh + "Sender").Single().Element(Mh + "Organisation")!;
        message.Sender.HerId.ShouldBe(HerIds(senderOrganisation).First());
        var code = document.Descendants(Dia + "TypeForesp").Concat(document.Descendants(Dia + "TemaKodet")).First().Attribute("V")!.Value;
        message.Dialog.Code.ShouldBe(code);
        message.Dialog.IsRequest.ShouldBe(document.Descendants(Dia + "Foresporsel").Any(f => f.Parent!.Name == Dia + "Dialogmelding"));
        message.Events.Count.ShouldBe(document.Descendants(KithXml.ICalendarNs + "vevent").Count());
        message.Patient.ShouldNotBeNull().Fnr.ShouldNotBeNullOrEmpty();
        message.Receiver.HerId.ShouldNotBeNullOrEmpty();
    }

    [StandardsTheory]
    [MemberData(nameof(Examples))]
    public void Given_an_example_When_read_and_written_again_Then_it_validates_and_reads_back_the_same(string example)
    {
        var message = KithXml.Read(NationalStandards.LoadExample(example));

        var written = KithXml.Write(message);

        NationalSchemas.Validate(written, NationalStandards.Schemas).ShouldBeEmpty();
        var again = KithXml.Read(KithXml.Parse(KithXml.ToBytes(written)));
        again.Process.ShouldBe(message.Process);
        again.MsgId.ShouldBe(message.MsgId);
        again.Sender.ShouldBe(message.Sender);
        again.Dialog.Code.ShouldBe(message.Dialog.Code);
        again.Dialog.Text.ShouldBe(message.Dialog.Text);
        again.Events.ShouldBe(message.Events);
        again.RefToParent.ShouldBe(message.RefToParent);
    }

    [StandardsTheory]
    [MemberData(nameof(Examples))]
    public void Given_an_example_When_validated_as_it_is_Then_the_schemas_accept_it(string example)
    {
        // The schema set itself is checked against what the Directorate verified, so a failure above is the codec's.
        NationalSchemas.Validate(NationalStandards.LoadExample(example), NationalStandards.Schemas).ShouldBeEmpty();
    }

    private static IEnumerable<string> HerIds(XElement holder) =>
        holder.Elements(Mh + "Ident").Where(i => i.Element(Mh + "TypeId")!.Attribute("V")!.Value == "HER").Select(i => i.Element(Mh + "Id")!.Value)
            .Concat(holder.Elements(Mh + "HealthcareProfessional").SelectMany(HerIds));
}
