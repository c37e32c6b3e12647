using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace DigiHelsestasjon.Epj.Sdk
{
    /// <summary>The platform, as the journal sees it (EPJ -> platform). <see cref="Http.EpjPlatformClient"/>
    /// implements it over HTTP. The platform answers every message with an application receipt and
    /// answers a duplicate <c>MessageId</c> with the original receipt.</summary>
    public interface IEpjPlatform
    {
        /// <summary>Send one message; returns the platform's application receipt.</summary>
        /// <exception cref="EpjTransportException">Not delivered, or the answer was lost: send again with the same <c>MessageId</c>.</exception>
        Task<ApplicationReceipt> SendAsync(InboundMessage message, CancellationToken cancellationToken);
    }

    /// <summary>A message from the journal to the platform. The JSON property <c>messageType</c> names the kind.</summary>
    [JsonPolymorphic(TypeDiscriminatorPropertyName = "messageType", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
    [JsonDerivedType(typeof(AppointmentPublished), "appointment-published")]
    [JsonDerivedType(typeof(HealthServiceMessage), "health-service-message")]
    [JsonDerivedType(typeof(CancellationDecided), "cancellation-decided")]
    [JsonDerivedType(typeof(ParentalAccessExemptionChanged), "parental-access-exemption-changed")]
    [JsonDerivedType(typeof(OutcomeReported), "outcome-reported")]
    [JsonDerivedType(typeof(TestResultReady), "test-result-ready")]
    public abstract record InboundMessage
    {
        /// <summary>Stable across retries; the idempotency key.</summary>
        public Guid MessageId { get; init; }

        /// <summary>When the journal sent it.</summary>
        public DateTimeOffset SentAt { get; init; }
    }

    /// <summary>How an appointment changed.</summary>
    public enum AppointmentChange
    {
        /// <summary>Booked.</summary>
        Created,

        /// <summary>Time, place, type or flags changed.</summary>
        Changed,

        /// <summary>Cancelled.</summary>
        Cancelled,
    }

    /// <summary>The journal publishes an appointment: one message per change, each with a higher
    /// <see cref="EpjAppointment.Version"/>. Messages may arrive out of order; the platform keeps the highest version.</summary>
    public sealed record AppointmentPublished : InboundMessage
    {
        /// <summary>Created, changed or cancelled.</summary>
        public AppointmentChange Change { get; init; }

        /// <summary>The patient's fødselsnummer.</summary>
        public string PatientPid { get; init; } = "";

        /// <summary>The appointment as it is after the change, with its version.</summary>
        public EpjAppointment Appointment { get; init; } = new EpjAppointment();
    }

    /// <summary>A reply or a new message from the health service to the citizen.</summary>
    public sealed record HealthServiceMessage : InboundMessage
    {
        /// <summary>The conversation it belongs to; null starts a new one.</summary>
        public Guid? ConversationId { get; init; }

        /// <summary>The citizen's message it answers, when a reply.</summary>
        public Guid? InReplyTo { get; init; }

        /// <summary>The patient's fødselsnummer.</summary>
        public string PatientPid { get; init; } = "";

        /// <summary>The unit's HER-id.</summary>
        public string UnitHerId { get; init; } = "";

        /// <summary>The subject (for a new conversation).</summary>
        public string Subject { get; init; } = "";

        /// <summary>The text.</summary>
        public string Body { get; init; } = "";

        /// <summary>Attachments.</summary>
        public IReadOnlyList<EpjAttachment> Attachments { get; init; } = Array.Empty<EpjAttachment>();

        /// <summary>Exempt from parental access (pbrl. § 3-4).</summary>
        public bool ExemptFromParentalAccess { get; init; }
    }

    /// <summary>The health service decided a cancellation that needed approval.</summary>
    public sealed record CancellationDecided : InboundMessage
    {
        /// <summary>The <see cref="CancellationRequest.MessageId"/> this decides.</summary>
        public Guid CancellationMessageId { get; init; }

        /// <summary>The journal's appointment id.</summary>
        public string AppointmentId { get; init; } = "";

        /// <summary>True when cancelled.</summary>
        public bool Accepted { get; init; }

        /// <summary>Why it was refused; shown to the citizen.</summary>
        public string? Reason { get; init; }
    }

    /// <summary>The health service set or lifted "exempt from parental access" on an item.</summary>
    public sealed record ParentalAccessExemptionChanged : InboundMessage
    {
        /// <summary>"appointment" or "message".</summary>
        public string ItemKind { get; init; } = "appointment";

        /// <summary>The journal's id of the appointment, or the <c>MessageId</c> of the message.</summary>
        public string ItemId { get; init; } = "";

        /// <summary>The patient's fødselsnummer.</summary>
        public string PatientPid { get; init; } = "";

        /// <summary>Exempt or not.</summary>
        public bool Exempt { get; init; }
    }

    /// <summary>A receipt or outcome that comes after the synchronous answer: a later application
    /// receipt, the journaled outcome, or a late failure of something the journal had accepted.</summary>
    public sealed record OutcomeReported : InboundMessage
    {
        /// <summary>The <c>MessageId</c> of the platform's message this is about.</summary>
        public Guid OriginalMessageId { get; init; }

        /// <summary>The application receipt, when this carries one.</summary>
        public ApplicationReceipt? Receipt { get; init; }

        /// <summary>The business outcome, when this carries one.</summary>
        public BusinessOutcome? Outcome { get; init; }
    }

    /// <summary>A new test result is in the journal (declared <see cref="EpjProcess.TestResults"/>). Carries no result: the
    /// platform tells those who may see it that one is ready, and they read it through <see cref="IEpjHealthRecords"/>.</summary>
    public sealed record TestResultReady : InboundMessage
    {
        /// <summary>The journal's id of the entry.</summary>
        public string EntryId { get; init; } = "";

        /// <summary>The patient's fødselsnummer.</summary>
        public string PatientPid { get; init; } = "";

        /// <summary>The HER-id of the unit that took the test.</summary>
        public string UnitHerId { get; init; } = "";

        /// <summary>The health service exempted it from parental access (pbrl. § 3-4).</summary>
        public bool ExemptFromParentalAccess { get; init; }
    }
}
