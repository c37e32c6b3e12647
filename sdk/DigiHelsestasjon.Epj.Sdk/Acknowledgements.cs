using System;
using System.Collections.Generic;
using System.Linq;

namespace DigiHelsestasjon.Epj.Sdk
{
    /// <summary>What kind of failure this is. It decides what the platform does next.</summary>
    public enum EpjErrorCategory
    {
        /// <summary>Try again later (the journal is busy or down): retried with backoff.</summary>
        Transient,

        /// <summary>The content is invalid and will never be accepted: not retried, dead-lettered.</summary>
        Poison,

        /// <summary>The content refers to something the journal holds differently (unknown appointment, wrong unit).</summary>
        DataMismatch,

        /// <summary>Authentication or authorisation failed.</summary>
        Security,

        /// <summary>The process, version, attachment type or size is not supported.</summary>
        UnsupportedCapability,

        /// <summary>The journal has no such patient (E35).</summary>
        UnknownPatient,
    }

    /// <summary>Error codes from the national AppRec code list (volven 8221), plus their default category.</summary>
    public static class EpjErrorCodes
    {
        /// <summary>Invalid message identifier.</summary>
        public const string InvalidMessageId = "E10";

        /// <summary>The recipient (unit / HER-id) does not exist.</summary>
        public const string UnknownRecipient = "E21";

        /// <summary>The patient does not exist in the receiving system.</summary>
        public const string UnknownPatient = "E35";

        /// <summary>The message is not well-formed.</summary>
        public const string NotWellFormed = "T01";

        /// <summary>The message content is invalid (does not validate).</summary>
        public const string InvalidContent = "T02";

        /// <summary>Error in the message header.</summary>
        public const string InvalidHeader = "T10";

        /// <summary>Other error.</summary>
        public const string Other = "X99";

        /// <summary>The slot asked for is no longer free (someone else reserved it meanwhile). Not a national AppRec code:
        /// the platform answers the citizen with fresh slots.</summary>
        public const string SlotNotAvailable = "SLOT-TAKEN";

        /// <summary>The category a code implies when the sender gives none.</summary>
        public static EpjErrorCategory DefaultCategory(string code) => code switch
        {
            UnknownPatient => EpjErrorCategory.UnknownPatient,
            UnknownRecipient => EpjErrorCategory.DataMismatch,
            InvalidMessageId or NotWellFormed or InvalidContent or InvalidHeader => EpjErrorCategory.Poison,
            SlotNotAvailable => EpjErrorCategory.DataMismatch,
            _ => EpjErrorCategory.Transient,
        };
    }

    /// <summary>One error in an application receipt.</summary>
    public sealed record EpjError
    {
        /// <summary>A code of <see cref="EpjErrorCodes"/>.</summary>
        public string Code { get; init; } = EpjErrorCodes.Other;

        /// <summary>What the platform should do about it.</summary>
        public EpjErrorCategory Category { get; init; }

        /// <summary>Human-readable, for the operator. Never patient data.</summary>
        public string Description { get; init; } = "";

        /// <summary>The part of the message in error (for example "attachments[1]"), when known.</summary>
        public string? Part { get; init; }

        /// <summary>An error with the code's default category.</summary>
        public static EpjError Of(string code, string description, string? part = null) =>
            new() { Code = code, Category = EpjErrorCodes.DefaultCategory(code), Description = description, Part = part };
    }

    /// <summary>Level 2 of the acknowledgement: the application receipt (AppRec).</summary>
    public enum ReceiptStatus
    {
        /// <summary>Accepted.</summary>
        Ok,

        /// <summary>Rejected as a whole; see the errors.</summary>
        Rejected,

        /// <summary>Accepted, with errors in a part.</summary>
        OkWithErrors,
    }

    /// <summary>An application receipt (AppRec): the receiver's answer to one message, correlated by its id.</summary>
    public sealed record ApplicationReceipt
    {
        /// <summary>The <c>MessageId</c> of the message this answers.</summary>
        public Guid OriginalMessageId { get; init; }

        /// <summary>Accepted, rejected, or accepted with errors in a part.</summary>
        public ReceiptStatus Status { get; init; }

        /// <summary>The errors; empty when <see cref="ReceiptStatus.Ok"/>.</summary>
        public IReadOnlyList<EpjError> Errors { get; init; } = Array.Empty<EpjError>();

        /// <summary>For an inbound message the platform accepted: the platform's id of what it created
        /// or changed (for example its appointment id), when there is one.</summary>
        public string? Reference { get; init; }

        /// <summary>An OK receipt.</summary>
        public static ApplicationReceipt Ok(Guid originalMessageId, string? reference = null) =>
            new() { OriginalMessageId = originalMessageId, Status = ReceiptStatus.Ok, Reference = reference };

        /// <summary>A rejection with one error.</summary>
        public static ApplicationReceipt Rejected(Guid originalMessageId, EpjError error) =>
            new() { OriginalMessageId = originalMessageId, Status = ReceiptStatus.Rejected, Errors = new[] { error } };

        /// <summary>The most severe category among the errors, or null without errors.</summary>
        [System.Text.Json.Serialization.JsonIgnore]
        public EpjErrorCategory? Category => Errors.Count == 0 ? null : Errors.Select(e => e.Category).OrderBy(Severity).First();

        // Poison and security outrank the others: one poisoned part poisons the message.
        private static int Severity(EpjErrorCategory category) => category switch
        {
            EpjErrorCategory.Poison => 0,
            EpjErrorCategory.Security => 1,
            EpjErrorCategory.UnknownPatient => 2,
            EpjErrorCategory.UnsupportedCapability => 3,
            EpjErrorCategory.DataMismatch => 4,
            _ => 5,
        };
    }

    /// <summary>Level 3 of the acknowledgement: what became of it in the journal.</summary>
    public enum OutcomeKind
    {
        /// <summary>Written to the journal (for a cancellation: the appointment is cancelled). Only this may show as "journaled".</summary>
        Journaled,

        /// <summary>Refused by the health service or the journal's rules, with a reason.</summary>
        Refused,

        /// <summary>Waiting for a person at the health service (for example a cancellation that needs approval).</summary>
        PendingManualReview,
    }

    /// <summary>The business outcome of one message.</summary>
    public sealed record BusinessOutcome
    {
        /// <summary>The <c>MessageId</c> of the message this is the outcome of.</summary>
        public Guid OriginalMessageId { get; init; }

        /// <summary>Journaled, refused or pending.</summary>
        public OutcomeKind Kind { get; init; }

        /// <summary>The journal's reference to the document it wrote, when journaled.</summary>
        public string? DocumentReference { get; init; }

        /// <summary>When the journal decided.</summary>
        public DateTimeOffset At { get; init; }

        /// <summary>Why, when refused or pending; shown to the citizen.</summary>
        public string? Reason { get; init; }
    }

    /// <summary>What a connector answers when a message reached it (level 1, transport, is that it
    /// answered at all). Either level may be missing: it then arrives later as <see cref="OutcomeReported"/>.</summary>
    public sealed record EpjAcknowledgement
    {
        /// <summary>The <c>MessageId</c> this acknowledges.</summary>
        public Guid MessageId { get; init; }

        /// <summary>The application receipt, or null when it comes later.</summary>
        public ApplicationReceipt? Receipt { get; init; }

        /// <summary>The business outcome, or null when it comes later.</summary>
        public BusinessOutcome? Outcome { get; init; }
    }

    /// <summary>Level 1 failed: the message may not have reached the journal, or its answer was lost.
    /// The sender retries with the same <c>MessageId</c>; the receiver answers a duplicate with the original result.</summary>
    public class EpjTransportException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public EpjTransportException(string message, Exception? innerException = null)
            : base(message, innerException)
        {
        }
    }
}
