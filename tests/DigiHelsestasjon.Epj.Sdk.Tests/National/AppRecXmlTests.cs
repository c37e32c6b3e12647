using System.Globalization;
using DigiHelsestasjon.Epj.Sdk.National.Kith;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Epj.Sdk.Tests.National;

/// <summary>AppRec in both versions a counterpart's agreement may name: valid against the national schemas, read back.</summary>
public sealed class AppRecXmlTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-22T09:00:05Z", CultureInfo.InvariantCulture);

    public static TheoryData<string, AppRecStatus> Cases() => new()
    {
        { "1.0", AppRecStatus.Ok },
        { "1.0", AppRecStatus.Rejected },
        { "1.1", AppRecStatus.Ok },
        { "1.1", AppRecStatus.Rejected },
    };

    [StandardsTheory]
    [MemberData(nameof(Cases))]
    public void Given_an_apprec_When_written_and_read_Then_it_validates_and_comes_back_equal(string version, AppRecStatus status)
    {
        var sent = new NationalAppRec
        {
            Version = version,
            MsgId = Guid.NewGuid().ToString(),
            GenDate = Now,
            Sender = new NationalParty("91146", "Testkommune", "95337", "Helsestasjon Sentrum"),
            Receiver = new NationalParty("115851", "DIREKTORATET FOR E-HELSE", "8093248", "Digitale innbyggertjenester"),
            Status = status,
            OriginalMsgId = "b6cd42ac-21d1-4706-b229-2d2697fcbb4f",
            OriginalProcess = NationalProcess.EKontakt,
            OriginalIssueDate = Now.AddSeconds(-5),
            Errors = status == AppRecStatus.Rejected ? [new AppRecError("T02", "Dialogmelding is missing")] : [],
        };

        var document = AppRecXml.Write(sent);

        NationalSchemas.Validate(document, NationalStandards.Schemas).ShouldBeEmpty();
        document.Root!.Name.Namespace.ShouldBe(version == "1.0" ? AppRecXml.V10Ns : AppRecXml.V11Ns);
        var back = AppRecXml.Read(KithXml.Parse(KithXml.ToBytes(document)));
        back.Version.ShouldBe(version);
        back.MsgId.ShouldBe(sent.MsgId);
        back.GenDate.ShouldBe(sent.GenDate);
        back.Sender.ShouldBe(sent.Sender);
        back.Receiver.ShouldBe(sent.Receiver);
        back.Status.ShouldBe(status);
        back.OriginalMsgId.ShouldBe(sent.OriginalMsgId);
        back.OriginalProcess.ShouldBe(sent.OriginalProcess);
        back.OriginalIssueDate.ShouldBe(sent.OriginalIssueDate);
        back.Errors.ShouldBe(sent.Errors);
    }

    [Fact]
    public void Given_a_msghead_When_read_as_an_apprec_Then_T02()
    {
        var error = Should.Throw<NationalFormatException>(() => AppRecXml.Read(KithXml.Parse("<MsgHead xmlns=\"http://www.kith.no/xmlstds/msghead/2006-05-24\"/>")));

        error.Code.ShouldBe("T02");
    }
}
