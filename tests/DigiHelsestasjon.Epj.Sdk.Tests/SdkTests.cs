using System.Text;
using System.Text.Json;
using DigiHelsestasjon.Epj.Sdk.Http;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Epj.Sdk.Tests;

public sealed class SdkTests
{
    [Theory]
    [InlineData(new[] { "1.0" }, new[] { "1.0" }, "1.0")]
    [InlineData(new[] { "1.0" }, new[] { "1.3" }, "1.0")]
    [InlineData(new[] { "1.2", "2.0" }, new[] { "1.1" }, "1.1")]
    [InlineData(new[] { "1.0" }, new[] { "2.0" }, null)]
    [InlineData(new[] { "1.0" }, new[] { "garbage" }, null)]
    public void Given_declared_versions_When_negotiated_Then_the_highest_common_version_within_a_major_is_chosen(string[] ours, string[] theirs, string? expected) =>
        EpjContract.Negotiate(ours, theirs).ShouldBe(expected);

    [Theory]
    [InlineData(new[] { "1.1" }, true, false)]
    [InlineData(new[] { "1.0" }, false, false)]
    [InlineData(new[] { "1.0", "1.2" }, true, true)]
    [InlineData(new[] { "1.2" }, true, true)]
    public void Given_declared_versions_When_asked_what_the_journal_understands_Then_approval_needs_1_1_and_a_booking_note_1_2(string[] theirs, bool approval, bool note)
    {
        EpjContract.UnderstandsRequiresApproval(theirs).ShouldBe(approval);
        EpjContract.UnderstandsBookingNote(theirs).ShouldBe(note);
    }

    [Fact]
    public void Given_a_connector_that_leaves_its_contract_versions_unset_When_rebuilt_on_this_SDK_Then_it_claims_no_booking_note()
    {
        var declared = new EpjCapabilities();

        EpjContract.UnderstandsRequiresApproval(declared.ContractVersions).ShouldBeTrue("as 2.0.0 declared by default");
        EpjContract.UnderstandsBookingNote(declared.ContractVersions).ShouldBeFalse("a note would be dropped by code that does not know it");
    }

    [Fact]
    public void Given_a_signed_request_When_body_path_secret_time_version_key_or_request_id_differ_Then_verification_fails()
    {
        var now = DateTimeOffset.Parse("2026-11-22T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var body = Encoding.UTF8.GetBytes("{\"messageId\":\"1\"}");
        var signature = EpjRequestSigning.Sign("secret", "POST", "/api/v1/epj/inbound", now.ToUnixTimeSeconds(), body, "1.1", "key-1", "request-1");
        var stamp = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        EpjRequestSigning.Verify("secret", "POST", "/api/v1/epj/inbound", stamp, signature, body, "1.1", "key-1", "request-1", now).ShouldBeTrue();
        EpjRequestSigning.Verify("secret", "POST", "/api/v1/epj/inbound", stamp, signature, Encoding.UTF8.GetBytes("{}"), "1.1", "key-1", "request-1", now).ShouldBeFalse();
        EpjRequestSigning.Verify("secret", "POST", "/api/v1/epj/other", stamp, signature, body, "1.1", "key-1", "request-1", now).ShouldBeFalse();
        EpjRequestSigning.Verify("other", "POST", "/api/v1/epj/inbound", stamp, signature, body, "1.1", "key-1", "request-1", now).ShouldBeFalse();
        EpjRequestSigning.Verify("secret", "POST", "/api/v1/epj/inbound", stamp, signature, body, "1.1", "key-1", "request-1", now.AddMinutes(6)).ShouldBeFalse();
        EpjRequestSigning.Verify("secret", "POST", "/api/v1/epj/inbound", stamp, signature, body, "1.0", "key-1", "request-1", now).ShouldBeFalse();
        EpjRequestSigning.Verify("secret", "POST", "/api/v1/epj/inbound", stamp, signature, body, "1.1", "key-2", "request-1", now).ShouldBeFalse();
        EpjRequestSigning.Verify("secret", "POST", "/api/v1/epj/inbound", stamp, signature, body, "1.1", "key-1", "request-2", now).ShouldBeFalse();
    }

    [Fact]
    public void Given_an_inbound_message_When_serialised_Then_it_names_its_type_and_a_reader_tolerates_unknown_fields()
    {
        InboundMessage message = new AppointmentPublished { MessageId = Guid.NewGuid(), Change = AppointmentChange.Changed, Appointment = new EpjAppointment { AppointmentId = "A-1", Version = 3, Status = AppointmentStatus.NoShow } };

        var json = JsonSerializer.Serialize(message, EpjJson.Options);
        json.ShouldStartWith("{\"messageType\":\"appointment-published\"");
        json.ShouldContain("\"status\":\"noShow\"");

        var newer = json.Replace("\"version\":3", "\"version\":3,\"fieldFromVersion1_4\":{\"x\":1}", StringComparison.Ordinal);
        var read = JsonSerializer.Deserialize<InboundMessage>(newer, EpjJson.Options).ShouldBeOfType<AppointmentPublished>();
        read.Appointment.Version.ShouldBe(3);
        read.Appointment.Status.ShouldBe(AppointmentStatus.NoShow);
    }

    [Fact]
    public void Given_receipt_errors_of_several_categories_When_asked_its_category_Then_poison_outranks_transient()
    {
        var receipt = new ApplicationReceipt
        {
            Status = ReceiptStatus.Rejected,
            Errors = [EpjError.Of(EpjErrorCodes.Other, "busy"), EpjError.Of(EpjErrorCodes.InvalidContent, "bad", "attachments[0]")],
        };

        receipt.Category.ShouldBe(EpjErrorCategory.Poison);
        EpjErrorCodes.DefaultCategory("E35").ShouldBe(EpjErrorCategory.UnknownPatient);
    }
}
