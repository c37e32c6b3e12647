using System.Text;
using System.Text.Json;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.EpjIntegration.Contracts;

namespace DigiHelsestasjon.EpjIntegration.Outbound.Deliveries;

/// <summary>A citizen's message with its attachments, within what the journal declared it takes.</summary>
internal sealed class CitizenMessageDelivery : IEpjDelivery
{
    public string Kind => EpjDeliveryKinds.CitizenMessage;

    public async Task<EpjDeliveryOutcome> DeliverAsync(EpjDeliveryContext context, CancellationToken cancellationToken)
    {
        var message = JsonSerializer.Deserialize<EpjCitizenMessageRequested>(context.Item.Payload)!;
        var capabilities = context.Capabilities;

        // The platform never calls what the journal has not declared.
        var unsupported = !capabilities.Supports(EpjProcess.CitizenMessage) ? "The journal does not receive citizen messages."
            : message.Attachments.FirstOrDefault(a => !capabilities.Accepts(a.ContentType)) is { } attachment ? $"The journal does not accept attachments of type {attachment.ContentType}."
            : Encoding.UTF8.GetByteCount(message.Body) + message.Attachments.Sum(a => a.Size) > capabilities.MaxPayloadBytes ? $"The message is larger than the journal's {capabilities.MaxPayloadBytes} bytes."
            : null;
        if (unsupported is not null)
        {
            return EpjDeliveryOutcome.Refused(unsupported);
        }

        if (await context.PidAsync(message.PatientPersonId, cancellationToken) is not { } pid)
        {
            return EpjDeliveryContext.UnknownPatient;
        }

        var attachments = new List<EpjAttachment>(message.Attachments.Count);
        foreach (var file in message.Attachments)
        {
            if (await context.Mediator.Send(new ReadEpjAttachment(file.AttachmentId), cancellationToken) is not { } content)
            {
                return EpjDeliveryOutcome.Refused("An attachment of the message is no longer stored.");
            }

            attachments.Add(new EpjAttachment { FileName = file.FileName, ContentType = file.ContentType, Content = content });
        }

        return await context.Connector.DeliverMessageAsync(
            new CitizenMessage
            {
                MessageId = message.MessageId, ConversationId = message.ConversationId, InReplyTo = message.InReplyTo, PatientPid = pid,
                SenderRelation = message.SenderRelation, SenderName = message.SenderName, UnitHerId = context.Unit.HerId, Subject = message.Subject,
                Body = message.Body, SentAt = message.OccurredAt, Topic = message.Topic ?? "",
                SentBy = await context.ActingAsync(message.SenderRelation, message.SenderPersonId, message.SenderName, cancellationToken),
                Attachments = attachments,
            },
            cancellationToken);
    }
}
