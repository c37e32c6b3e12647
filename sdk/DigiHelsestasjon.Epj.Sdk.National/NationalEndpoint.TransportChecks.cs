using System.Xml.Linq;
using DigiHelsestasjon.Epj.Sdk.National.Amqp;
using DigiHelsestasjon.Epj.Sdk.National.Kith;
using DigiHelsestasjon.Epj.Sdk.National.Security;
using Microsoft.Extensions.Logging;

namespace DigiHelsestasjon.Epj.Sdk.National;

// The transport checks of HITS 1216 2.2.3: what cannot be opened or is spoofed goes to the sender's error queue.
public sealed partial class NationalEndpoint
{
    /// <summary>Decrypts and verifies; what fails goes to the sender's error queue and has no effect.</summary>
    private async Task<XDocument?> OpenAsync(NationalEnvelope envelope, CancellationToken cancellationToken)
    {
        var missing = new[] { ("messageId", envelope.MessageId), ("fromHerId", envelope.FromHerId), ("toHerId", envelope.ToHerId), ("subject", envelope.Subject) }
            .Where(f => string.IsNullOrEmpty(f.Item2)).Select(f => f.Item1).ToList();
        if (envelope.ApplicationTimeStamp == default)
        {
            missing.Add("applicationTimeStamp");
        }

        if (envelope.Body is null)
        {
            missing.Add("body");
        }

        if (missing.Count > 0)
        {
            await ReportAsync(envelope, TransportErrors.RequiredFieldMissing, $"Missing or invalid value in field: '{missing[0]}'.", $"[\"{string.Join("\",\"", missing)}\"]", cancellationToken);
            return null;
        }

        if (envelope.ToHerId != settings.HerId)
        {
            await ReportAsync(envelope, TransportErrors.InvalidFieldValue, "Invalid value in field: 'toHerId'.", "[\"toHerId\"]", cancellationToken);
            return null;
        }

        if (!settings.Processes.Contains(envelope.Subject))
        {
            await ReportAsync(envelope, TransportErrors.UnsupportedMessage, $"The communication process {envelope.Subject} is not supported.", null, cancellationToken);
            return null;
        }

        var peer = certificates.Counterpart(envelope.FromHerId);
        if (peer is null)
        {
            await ReportAsync(envelope, TransportErrors.InvalidCertificate, "Could not verify the message: the sender is not a known communication party.", null, cancellationToken);
            return null;
        }

        var opened = CmsProtection.DecryptThenVerify(envelope.Body!, certificates.Own(settings.HerId, settings.CreateOwnTestCertificates).Encryption, peer.Signing, time.GetUtcNow());
        if (!opened.Succeeded)
        {
            await ReportAsync(envelope, opened.ErrorCondition!, opened.ErrorDescription!, opened.ErrorData, cancellationToken);
            return null;
        }

        try
        {
            return KithXml.Parse(opened.Content!);
        }
        catch (NationalFormatException)
        {
            // Not XML at all, so no header to read a MsgId or a sender from: HITS 1216 sends it to the error queue. (A
            // header that reads with nothing readable in it gets the AppRec T01.)
            await ReportAsync(envelope, TransportErrors.NotWellFormedXml, "XML cannot be interpreted.", null, cancellationToken);
            return null;
        }
    }

    private (NationalMessage? Message, (string Original, string Process, string Code, string Why)? Refusal) Read(NationalEnvelope envelope, XDocument document)
    {
        if (schemas is not null && NationalSchemas.Validate(document, schemas) is { Count: > 0 } errors)
        {
            var id = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "MsgId")?.Value ?? envelope.MessageId;
            return (null, (id, envelope.Subject, "T02", $"The message does not validate against the national schemas: {errors[0]}"));
        }

        try
        {
            return (KithXml.Read(document), null);
        }
        catch (NationalFormatException exception)
        {
            var id = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "MsgId")?.Value ?? envelope.MessageId;
            return (null, (id, envelope.Subject, exception.Code, exception.Message));
        }
    }

    /// <summary>The transport's sender is the MsgHead's (or AppRec's) sender, at either organisation level: a party that
    /// writes another's HER-id has no effect and is told so on its error queue.</summary>
    private async Task<bool> SenderMatchesAsync(NationalEnvelope envelope, NationalParty sender, CancellationToken cancellationToken)
    {
        if (sender.HerId == envelope.FromHerId || sender.UnitHerId == envelope.FromHerId)
        {
            return true;
        }

        await ReportAsync(envelope, TransportErrors.Spoofing, "Possible spoofing attack detected.", $"{{\"amqp\":[\"{envelope.FromHerId}\"],\"application\":[\"{sender.HerId}\"]}}", cancellationToken);
        return false;
    }

    private async Task ReportAsync(NationalEnvelope failed, string condition, string description, string? data, CancellationToken cancellationToken)
    {
        log.LogWarning("A message from HER-id {HerId} goes to its error queue: {Condition}.", failed.FromHerId, condition);
        if (string.IsNullOrEmpty(failed.FromHerId))
        {
            return;
        }

        await bus.SendAsync(NationalQueues.Error(failed.FromHerId), new NationalEnvelope
        {
            To = NationalQueues.Error(failed.FromHerId), Subject = failed.Subject, CorrelationId = failed.CorrelationId, FromHerId = settings.HerId, ToHerId = failed.FromHerId,
            ApplicationTimeStamp = time.GetUtcNow(), OriginalMessageId = failed.MessageId, ErrorCondition = condition, ErrorDescription = description, ErrorConditionData = data,
            ReplyTo = NationalQueues.Error(settings.HerId), ContentType = "text/plain",
        }, cancellationToken);
    }
}
