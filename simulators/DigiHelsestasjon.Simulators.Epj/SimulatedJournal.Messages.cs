using System.Text;
using DigiHelsestasjon.Epj.Sdk;

namespace DigiHelsestasjon.Simulators.Epj;

// Citizen messages and youth-chat transcripts the platform delivers, and messages staff send back.
public sealed partial class SimulatedJournal
{
    public async Task<EpjAcknowledgement> DeliverMessageAsync(CitizenMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return await ProcessAsync(message.MessageId, () =>
        {
            var error = Validate(message.PatientPid, message.UnitHerId)
                ?? (string.IsNullOrWhiteSpace(message.Body) || message.Body.Contains('\0', StringComparison.Ordinal) ? EpjError.Of(EpjErrorCodes.InvalidContent, "The message has no readable text.", "body") : null)
                ?? ValidateAttachments(message);
            return error is not null
                ? Rejected(message.MessageId, error)
                : Journal("message", message.MessageId, message.PatientPid, message.UnitHerId, message.Body, entry => entry with
                {
                    ConversationId = message.ConversationId, Subject = message.Subject, ActedBy = ActedBy(message.SentBy, message.SenderRelation),
                    Attachments = message.Attachments.Select(a => $"{a.FileName} ({a.ContentType}, {a.Content.Length} bytes)").ToList(),
                });
        }, cancellationToken);
    }

    public async Task<EpjAcknowledgement> DeliverTranscriptAsync(YouthChatTranscript transcript, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        return await ProcessAsync(transcript.MessageId, () =>
        {
            var error = (Profile.TakesYouthChatTranscripts ? null : EpjError.Of(EpjErrorCodes.Other, "This journal does not take chat transcripts (it does not declare the capability)."))
                ?? Validate(transcript.PatientPid, transcript.UnitHerId)
                ?? (transcript.Lines.Count == 0 ? EpjError.Of(EpjErrorCodes.InvalidContent, "The transcript is empty.", "lines") : null);
            return error is not null
                ? Rejected(transcript.MessageId, error)
                : Journal("transcript", transcript.MessageId, transcript.PatientPid, transcript.UnitHerId, string.Join("\n", transcript.Lines.Select(l => $"{l.From}: {l.Text}")));
        }, cancellationToken);
    }

    /// <summary>Sets or lifts "exempt from parental access" on a message in the journal (either way) and tells the platform.</summary>
    public bool SetMessageExempt(Guid messageId, bool exempt)
    {
        lock (gate)
        {
            var entry = entries.FirstOrDefault(e => e.MessageId == messageId && e.Kind is "message" or "message-to-citizen");
            if (entry is null)
            {
                return false;
            }

            Publish(new ParentalAccessExemptionChanged
            {
                MessageId = Guid.NewGuid(), SentAt = time.GetUtcNow(), ItemKind = "message", ItemId = messageId.ToString(), PatientPid = entry.Pid, Exempt = exempt,
            });
            return true;
        }
    }

    /// <summary>A message from the health service to the citizen.</summary>
    public Guid SendMessage(string pid, string unitHerId, Guid? conversationId, string body, bool exempt = false)
    {
        var message = new HealthServiceMessage
        {
            MessageId = Guid.NewGuid(), SentAt = time.GetUtcNow(), ConversationId = conversationId, PatientPid = pid, UnitHerId = unitHerId,
            Subject = conversationId is null ? "Melding fra helsestasjonen" : "", Body = body, ExemptFromParentalAccess = exempt,
        };
        lock (gate)
        {
            entries.Add(new JournalEntry("message-to-citizen", message.MessageId, pid, unitHerId, body, message.SentAt, null, null));
            Publish(message);
        }

        return message.MessageId;
    }

    private EpjError? ValidateAttachments(CitizenMessage message)
    {
        var size = Encoding.UTF8.GetByteCount(message.Body) + message.Attachments.Sum(a => (long)a.Content.Length);
        if (size > Profile.MaxPayloadBytes)
        {
            return EpjError.Of(EpjErrorCodes.InvalidContent, $"The message is {size} bytes; the limit is {Profile.MaxPayloadBytes}.", "attachments");
        }

        var refused = message.Attachments.Select((a, i) => (a, i)).FirstOrDefault(x => !Profile.Capabilities.Accepts(x.a.ContentType));
        return refused.a is null
            ? null
            : EpjError.Of(EpjErrorCodes.InvalidContent, $"Attachments of type {refused.a.ContentType} are not accepted.", $"attachments[{refused.i}]") with { Category = EpjErrorCategory.UnsupportedCapability };
    }

    /// <summary>Who acted for the patient, as the journal shows it to staff (the name and the relation, never the number).</summary>
    private static string? ActedBy(ActingPerson? person, string relation) => person is null ? null : $"{person.Name} ({relation})";
}
