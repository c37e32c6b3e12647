using System;
using System.Collections.Generic;
using System.Linq;

namespace DigiHelsestasjon.Epj.Sdk
{
    /// <summary>A process the platform may ask a connector to take part in.</summary>
    public enum EpjProcess
    {
        /// <summary>Receive a message from a citizen (<see cref="IEpjConnector.DeliverMessageAsync"/>). Required.</summary>
        CitizenMessage,

        /// <summary>Receive a cancellation request (<see cref="IEpjConnector.RequestCancellationAsync"/>). Required.</summary>
        Cancellation,

        /// <summary>Answer a person's planned appointments synchronously (<see cref="IEpjConnector.GetPlannedAppointmentsAsync"/>). Required.</summary>
        PlannedAppointments,

        /// <summary>Offer free slots (<see cref="IEpjSlotBooking"/>). Optional.</summary>
        FreeSlots,

        /// <summary>Reserve a free slot (<see cref="IEpjSlotBooking"/>). Optional.</summary>
        SlotReservation,

        /// <summary>Answer a person's vaccinations (<see cref="IEpjHealthRecords"/>). Optional.</summary>
        Vaccinations,

        /// <summary>Answer a person's test results (<see cref="IEpjHealthRecords"/>). Optional.</summary>
        TestResults,

        /// <summary>Journal a youth-chat transcript the youth consented to (<see cref="IEpjYouthChatTranscripts"/>). Optional.</summary>
        YouthChatTranscript,
    }

    /// <summary>Whether a cancellation takes effect at once or waits for the health service's decision.</summary>
    public enum CancellationMode
    {
        /// <summary>The journal cancels at once (it may still refuse, for example inside a deadline).</summary>
        Immediate,

        /// <summary>The journal holds the request; a <see cref="CancellationDecided"/> follows later.</summary>
        NeedsApproval,
    }

    /// <summary>What a connector declares it can do. The platform negotiates against this and never
    /// calls a process, version, size or attachment type that is not declared.</summary>
    public sealed record EpjCapabilities
    {
        /// <summary>The vendor's product name and version, for the operator's eyes (for example "HsPro 7.3").</summary>
        public string Product { get; init; } = "";

        /// <summary>Contract versions the connector speaks, for example ["1.0", "1.1"]. See <see cref="EpjContract"/>.
        /// Declare "1.1" only when the journal honours <see cref="CancellationRequest.RequiresApproval"/>, and "1.2" only
        /// when it also keeps <see cref="SlotReservation.Note"/> with the booking. The default stays "1.1", so a journal
        /// rebuilt on a newer SDK never claims what its code does not do.</summary>
        public IReadOnlyList<string> ContractVersions { get; init; } = new[] { EpjContract.RequiresApprovalVersion };

        /// <summary>The processes the connector supports.</summary>
        public IReadOnlyList<EpjProcess> Processes { get; init; } = new[] { EpjProcess.CitizenMessage, EpjProcess.Cancellation, EpjProcess.PlannedAppointments };

        /// <summary>How cancellations take effect.</summary>
        public CancellationMode CancellationMode { get; init; } = CancellationMode.Immediate;

        /// <summary>Largest message the journal accepts, body and attachments together, in bytes.</summary>
        public long MaxPayloadBytes { get; init; } = 2 * 1024 * 1024;

        /// <summary>Attachment MIME types the journal accepts; empty means no attachments.</summary>
        public IReadOnlyList<string> AttachmentContentTypes { get; init; } = Array.Empty<string>();

        /// <summary>True when <see cref="IEpjConnector.DeliverMessageAsync"/> answers with the application
        /// receipt; false when the receipt arrives later as <see cref="OutcomeReported"/>.</summary>
        public bool AnswersSynchronously { get; init; } = true;

        /// <summary>The longest a synchronous call (planned appointments, free slots, vaccinations, test results) may take, in milliseconds.</summary>
        public int SynchronousTimeLimitMs { get; init; } = 5000;

        /// <summary>True when the journal sends every appointment and its changes to the platform as they happen (the
        /// national Avtaleutsending does), so the platform holds them and never asks for planned appointments: then
        /// <see cref="EpjProcess.PlannedAppointments"/> need not be declared.</summary>
        public bool PublishesAllAppointments { get; init; }

        /// <summary>True when the process is declared.</summary>
        public bool Supports(EpjProcess process) => Processes.Contains(process);

        /// <summary>True when an attachment of this MIME type may be sent.</summary>
        public bool Accepts(string contentType) =>
            AttachmentContentTypes.Any(t => string.Equals(t, contentType, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The contract version and its negotiation. Versions are "major.minor": a minor
    /// version only adds optional members, so two sides agree on the highest common version
    /// within a shared major version.</summary>
    public static class EpjContract
    {
        /// <summary>The version this SDK writes.</summary>
        public const string CurrentVersion = "1.2";

        /// <summary>The first version with <see cref="CancellationRequest.RequiresApproval"/>: a journal that speaks
        /// only 1.0 ignores the field and may cancel at once.</summary>
        public const string RequiresApprovalVersion = "1.1";

        /// <summary>The first version with <see cref="SlotReservation.Note"/>: a journal that speaks only 1.0 or 1.1 is never
        /// sent a note (it would drop it), so the platform asks the citizen for one only where the journal keeps it.</summary>
        public const string BookingNoteVersion = "1.2";

        /// <summary>The longest <see cref="SlotReservation.Note"/>, in characters.</summary>
        public const int MaxBookingNoteLength = 500;

        /// <summary>The versions this SDK reads.</summary>
        public static IReadOnlyList<string> SupportedVersions { get; } = new[] { "1.0", "1.1", "1.2" };

        /// <summary>True when a side that declared <paramref name="theirs"/> understands
        /// <see cref="CancellationRequest.RequiresApproval"/> (a common version of 1.1 or later).</summary>
        /// <param name="theirs">Versions the other side declared.</param>
        public static bool UnderstandsRequiresApproval(IEnumerable<string> theirs) => AgreesOnAtLeast(theirs, RequiresApprovalVersion);

        /// <summary>True when a side that declared <paramref name="theirs"/> keeps <see cref="SlotReservation.Note"/>
        /// (a common version of 1.2 or later).</summary>
        /// <param name="theirs">Versions the other side declared.</param>
        public static bool UnderstandsBookingNote(IEnumerable<string> theirs) => AgreesOnAtLeast(theirs, BookingNoteVersion);

        private static bool AgreesOnAtLeast(IEnumerable<string> theirs, string version) =>
            Parse(Negotiate(SupportedVersions, theirs)) is { } agreed && agreed >= Parse(version)!;

        /// <summary>The highest version both sides speak, or null when they share none.</summary>
        /// <param name="ours">Versions this side speaks.</param>
        /// <param name="theirs">Versions the other side declared.</param>
        public static string? Negotiate(IEnumerable<string> ours, IEnumerable<string> theirs)
        {
            var mine = ours.Select(Parse).Where(v => v is not null).Select(v => v!).ToList();
            var other = theirs.Select(Parse).Where(v => v is not null).Select(v => v!).ToList();
            return mine.Join(other, m => m.Major, o => o.Major, (m, o) => new Version(m.Major, Math.Min(m.Minor, o.Minor)))
                .OrderByDescending(v => v)
                .Select(v => $"{v.Major}.{v.Minor}")
                .FirstOrDefault();
        }

        /// <summary>True when a message written in <paramref name="version"/> can be read by this SDK
        /// (same major version; unknown members of a newer minor version are ignored).</summary>
        public static bool CanRead(string? version)
        {
            var parsed = Parse(version);
            return parsed is not null && SupportedVersions.Select(Parse).Any(v => v!.Major == parsed.Major);
        }

        private static Version? Parse(string? text) =>
            text is not null && Version.TryParse(text, out var version) && version.Build < 0 ? version : null;
    }
}
