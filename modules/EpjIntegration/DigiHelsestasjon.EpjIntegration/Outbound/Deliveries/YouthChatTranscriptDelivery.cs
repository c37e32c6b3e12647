using System.Text.Json;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.EpjIntegration.Contracts;

namespace DigiHelsestasjon.EpjIntegration.Outbound.Deliveries;

/// <summary>A youth chat's transcript, which the youth consented to have journaled.</summary>
internal sealed class YouthChatTranscriptDelivery : IEpjDelivery
{
    public string Kind => EpjDeliveryKinds.YouthChatTranscript;

    public async Task<EpjDeliveryOutcome> DeliverAsync(EpjDeliveryContext context, CancellationToken cancellationToken)
    {
        var transcript = JsonSerializer.Deserialize<EpjYouthChatTranscriptRequested>(context.Item.Payload)!;
        if (!context.Capabilities.Supports(EpjProcess.YouthChatTranscript) || context.Connector is not IEpjYouthChatTranscripts transcripts)
        {
            return EpjDeliveryOutcome.Refused("The journal does not take youth-chat transcripts.");
        }

        if (await context.PidAsync(transcript.PatientPersonId, cancellationToken) is not { } pid)
        {
            return EpjDeliveryContext.UnknownPatient;
        }

        return await transcripts.DeliverTranscriptAsync(
            new YouthChatTranscript
            {
                MessageId = transcript.MessageId, PatientPid = pid, UnitHerId = context.Unit.HerId, ConsentedAt = transcript.ConsentedAt,
                Lines = transcript.Lines.Select(l => new TranscriptLine { At = l.At, From = l.From, Text = l.Text }).ToList(),
            },
            cancellationToken);
    }
}
