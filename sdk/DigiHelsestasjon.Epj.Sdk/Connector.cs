using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DigiHelsestasjon.Epj.Sdk
{
    /// <summary>The platform's side of a journal: what the vendor implements (platform -> EPJ).
    /// Every command carries a <c>MessageId</c> that stays the same across retries: answer a
    /// duplicate with the original acknowledgement and do not journal it twice.</summary>
    /// <remarks>Throw <see cref="EpjTransportException"/> only when the message may not have been
    /// processed; answer every other failure with a rejected <see cref="ApplicationReceipt"/>.</remarks>
    public interface IEpjConnector
    {
        /// <summary>What this connector supports. The platform asks once per connection and negotiates.</summary>
        Task<EpjCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken);

        /// <summary>A message from a citizen (or a parent) to the unit, to be journaled.</summary>
        Task<EpjAcknowledgement> DeliverMessageAsync(CitizenMessage message, CancellationToken cancellationToken);

        /// <summary>A citizen asks to cancel an appointment. The outcome is journaled (cancelled),
        /// refused with a reason, or pending the health service's decision (<see cref="CancellationDecided"/> follows).</summary>
        Task<EpjAcknowledgement> RequestCancellationAsync(CancellationRequest request, CancellationToken cancellationToken);

        /// <summary>A person's planned appointments, answered synchronously within
        /// <see cref="EpjCapabilities.SynchronousTimeLimitMs"/>.</summary>
        Task<IReadOnlyList<EpjAppointment>> GetPlannedAppointmentsAsync(PlannedAppointmentsQuery query, CancellationToken cancellationToken);
    }

    /// <summary>Optional: free slots and reservation (<see cref="EpjProcess.FreeSlots"/>, <see cref="EpjProcess.SlotReservation"/>).</summary>
    public interface IEpjSlotBooking
    {
        /// <summary>Free slots at a unit that start in [<paramref name="from"/>, <paramref name="to"/>), answered within
        /// <see cref="EpjCapabilities.SynchronousTimeLimitMs"/>. Only what a citizen may take: a slot held for approval, or inside
        /// your own notice period, is not free. An unknown unit answers an empty list.</summary>
        Task<IReadOnlyList<FreeSlot>> GetFreeSlotsAsync(string unitHerId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

        /// <summary>Reserve a slot for a patient. Answer a slot that is no longer free with a rejected receipt carrying
        /// <see cref="EpjErrorCodes.SlotNotAvailable"/>. When the journal books it, answer (now or later, as
        /// <see cref="OutcomeReported"/>) the outcome <see cref="OutcomeKind.Journaled"/> with the new appointment's id as
        /// <see cref="BusinessOutcome.DocumentReference"/>, and publish the appointment as <see cref="AppointmentPublished"/>;
        /// when staff must approve first, answer <see cref="OutcomeKind.PendingManualReview"/> and hold the slot until they decide.</summary>
        Task<EpjAcknowledgement> ReserveSlotAsync(SlotReservation reservation, CancellationToken cancellationToken);
    }

    /// <summary>Optional: vaccinations and test results (<see cref="EpjProcess.Vaccinations"/>, <see cref="EpjProcess.TestResults"/>).</summary>
    public interface IEpjHealthRecords
    {
        /// <summary>The patient's vaccinations, within <see cref="EpjCapabilities.SynchronousTimeLimitMs"/>; an empty list for a
        /// patient the journal does not hold (not an error). <see cref="HealthRecordEntry.EntryId"/> is unique within the journal.</summary>
        Task<IReadOnlyList<HealthRecordEntry>> GetVaccinationsAsync(string patientPid, CancellationToken cancellationToken);

        /// <summary>The patient's test results (for example hearing and vision), within <see cref="EpjCapabilities.SynchronousTimeLimitMs"/>;
        /// an empty list for a patient the journal does not hold. Send <see cref="TestResultReady"/> when a new one is ready.</summary>
        Task<IReadOnlyList<HealthRecordEntry>> GetTestResultsAsync(string patientPid, CancellationToken cancellationToken);
    }

    /// <summary>Optional: journal a youth-chat transcript the youth consented to (<see cref="EpjProcess.YouthChatTranscript"/>).</summary>
    public interface IEpjYouthChatTranscripts
    {
        /// <summary>Journal the transcript.</summary>
        Task<EpjAcknowledgement> DeliverTranscriptAsync(YouthChatTranscript transcript, CancellationToken cancellationToken);
    }

    /// <summary>A file sent with a message. The journal declares the types and sizes it accepts.</summary>
    public sealed record EpjAttachment
    {
        /// <summary>The file name as the citizen gave it.</summary>
        public string FileName { get; init; } = "";

        /// <summary>MIME type, for example "application/pdf" or "image/jpeg".</summary>
        public string ContentType { get; init; } = "";

        /// <summary>The bytes (base64 in JSON).</summary>
        public byte[] Content { get; init; } = Array.Empty<byte>();
    }

    /// <summary>A message from a citizen to a unit (platform -> EPJ).</summary>
    public sealed record CitizenMessage
    {
        /// <summary>Stable across retries; the idempotency key.</summary>
        public Guid MessageId { get; init; }

        /// <summary>The conversation (thread) this belongs to; the journal's reply carries it back. The message that opens a
        /// thread has the thread's id as its <see cref="MessageId"/> (the national bus names a conversation by its first message).</summary>
        public Guid ConversationId { get; init; }

        /// <summary>The message this answers, when it is a reply.</summary>
        public Guid? InReplyTo { get; init; }

        /// <summary>The patient's fødselsnummer (the message is about this person).</summary>
        public string PatientPid { get; init; } = "";

        /// <summary>Who wrote it, relative to the patient: "self", "parent" or "fullmakt".</summary>
        public string SenderRelation { get; init; } = "self";

        /// <summary>The sender's name, as the journal should show it.</summary>
        public string SenderName { get; init; } = "";

        /// <summary>Who wrote, when it is not the patient (a parent or one holding a power of attorney), so the journal
        /// records who acted; null when the patient wrote. Optional in any contract version (a reader that does not know it
        /// ignores it); the national transport writes it as Pasientrelasjon.</summary>
        public ActingPerson? SentBy { get; init; }

        /// <summary>The receiving unit's HER-id.</summary>
        public string UnitHerId { get; init; } = "";

        /// <summary>The thread's subject.</summary>
        public string Subject { get; init; } = "";

        /// <summary>The text.</summary>
        public string Body { get; init; } = "";

        /// <summary>Attachments, within the journal's declared types and size.</summary>
        public IReadOnlyList<EpjAttachment> Attachments { get; init; } = Array.Empty<EpjAttachment>();

        /// <summary>When the citizen sent it.</summary>
        public DateTimeOffset SentAt { get; init; }

        /// <summary>What the thread is about: "health", "administrative", or "time-wish" (a young person asks for a time
        /// on their own behalf; the text says when suits and why). Empty from platforms before contract 1.2: read it as "health".</summary>
        public string Topic { get; init; } = "";
    }

    /// <summary>A citizen asks to cancel an appointment (platform -> EPJ).</summary>
    public sealed record CancellationRequest
    {
        /// <summary>Stable across retries; the idempotency key. <see cref="CancellationDecided"/> refers to it.</summary>
        public Guid MessageId { get; init; }

        /// <summary>The journal's appointment id, as published in <see cref="EpjAppointment.AppointmentId"/>.</summary>
        public string AppointmentId { get; init; } = "";

        /// <summary>The patient's fødselsnummer.</summary>
        public string PatientPid { get; init; } = "";

        /// <summary>The unit's HER-id.</summary>
        public string UnitHerId { get; init; } = "";

        /// <summary>The citizen's reason, as written.</summary>
        public string Reason { get; init; } = "";

        /// <summary>Who asked, relative to the patient: "self", "parent" or "fullmakt".</summary>
        public string RequestedByRelation { get; init; } = "self";

        /// <summary>Who asked, when it is not the patient; null when the patient asked. Optional in any contract version.</summary>
        public ActingPerson? RequestedBy { get; init; }

        /// <summary>When the appointment starts and ends, as the platform last heard from the journal (null when it does
        /// not know). Optional in any contract version; the national transport needs them in the cancellation's calendar event.</summary>
        public DateTimeOffset? AppointmentStart { get; init; }

        /// <inheritdoc cref="AppointmentStart"/>
        public DateTimeOffset? AppointmentEnd { get; init; }

        /// <summary>When the citizen asked.</summary>
        public DateTimeOffset RequestedAt { get; init; }

        /// <summary>The municipality wants staff to decide every digital cancellation: never cancel at once,
        /// answer <see cref="OutcomeKind.PendingManualReview"/> and send <see cref="CancellationDecided"/> later.
        /// False leaves it to the journal's own rules. A journal built before this field existed ignores it
        /// (unknown fields are ignored), so the platform shows "requested" until the journal decides either way.</summary>
        public bool RequiresApproval { get; init; }
    }

    /// <summary>Which planned appointments to answer.</summary>
    public sealed record PlannedAppointmentsQuery
    {
        /// <summary>The patient's fødselsnummer.</summary>
        public string PatientPid { get; init; } = "";

        /// <summary>Only this unit, or all units of the journal when null.</summary>
        public string? UnitHerId { get; init; }

        /// <summary>From (inclusive).</summary>
        public DateTimeOffset From { get; init; }

        /// <summary>To (exclusive).</summary>
        public DateTimeOffset To { get; init; }
    }

    /// <summary>The status of an appointment in the journal.</summary>
    public enum AppointmentStatus
    {
        /// <summary>Booked.</summary>
        Booked,

        /// <summary>Cancelled (by the citizen or the health service).</summary>
        Cancelled,

        /// <summary>The patient came.</summary>
        Attended,

        /// <summary>The patient did not come.</summary>
        NoShow,
    }

    /// <summary>An appointment as the journal holds it (answered by planned appointments, published in <see cref="AppointmentPublished"/>).</summary>
    public sealed record EpjAppointment
    {
        /// <summary>The journal's id for the appointment.</summary>
        public string AppointmentId { get; init; } = "";

        /// <summary>Increases with every change; never reused.</summary>
        public long Version { get; init; }

        /// <summary>The unit's HER-id.</summary>
        public string UnitHerId { get; init; } = "";

        /// <summary>Start.</summary>
        public DateTimeOffset Start { get; init; }

        /// <summary>End.</summary>
        public DateTimeOffset End { get; init; }

        /// <summary>The type, for example "4 ukers konsultasjon", "skolestartundersøkelse", "vaksinasjon".</summary>
        public string AppointmentType { get; init; } = "";

        /// <summary>The practitioner's role, for example "helsesykepleier", "lege", "jordmor".</summary>
        public string PractitionerRole { get; init; } = "";

        /// <summary>Where, for example a room or address.</summary>
        public string Location { get; init; } = "";

        /// <summary>The health service exempted it from parental access (pbrl. § 3-4).</summary>
        public bool ExemptFromParentalAccess { get; init; }

        /// <summary>A video appointment, not a visit (the national "Timetype" Video). Contract 1.2; false from an older journal.</summary>
        public bool IsVideo { get; init; }

        /// <summary>Booked, cancelled, attended, no-show.</summary>
        public AppointmentStatus Status { get; init; }
    }

    /// <summary>A free slot at a unit.</summary>
    public sealed record FreeSlot
    {
        /// <summary>The journal's id of the slot.</summary>
        public string SlotId { get; init; } = "";

        /// <summary>The unit's HER-id.</summary>
        public string UnitHerId { get; init; } = "";

        /// <summary>Start.</summary>
        public DateTimeOffset Start { get; init; }

        /// <summary>End.</summary>
        public DateTimeOffset End { get; init; }

        /// <summary>The appointment type the slot is for.</summary>
        public string AppointmentType { get; init; } = "";
    }

    /// <summary>Reserve a free slot for a patient. It carries only your <see cref="SlotId"/>: resolve the unit, time and kind from it.</summary>
    public sealed record SlotReservation
    {
        /// <summary>Stable across retries; the idempotency key.</summary>
        public Guid MessageId { get; init; }

        /// <summary>The slot.</summary>
        public string SlotId { get; init; } = "";

        /// <summary>The patient's fødselsnummer.</summary>
        public string PatientPid { get; init; } = "";

        /// <summary>Who asked: "self", "parent" or "fullmakt" (the journal records who booked).</summary>
        public string RequestedByRelation { get; init; } = "self";

        /// <summary>Who asked, when it is not the patient; null when the patient asked. Optional in any contract version.</summary>
        public ActingPerson? RequestedBy { get; init; }

        /// <summary>What the appointment is about, in the words of whoever booked ("hva gjelder det"), at most
        /// <see cref="EpjContract.MaxBookingNoteLength"/> characters; null when they wrote nothing. Contract 1.2: keep it with
        /// the booking where the health personnel see it. Sent only to a journal that declares 1.2.</summary>
        public string? Note { get; init; }
    }

    /// <summary>A person acting for the patient: a parent with parental responsibility, or one holding the patient's power
    /// of attorney. The journal records who acted; the patient stays the one the message is about.</summary>
    public sealed record ActingPerson
    {
        /// <summary>The acting person's fødselsnummer.</summary>
        public string Pid { get; init; } = "";

        /// <summary>The acting person's name, given names first.</summary>
        public string Name { get; init; } = "";
    }

    /// <summary>A vaccination or a test result.</summary>
    public sealed record HealthRecordEntry
    {
        /// <summary>The journal's id.</summary>
        public string EntryId { get; init; } = "";

        /// <summary>What, for example "MMR" or "Hørselstest".</summary>
        public string Name { get; init; } = "";

        /// <summary>When.</summary>
        public DateTimeOffset At { get; init; }

        /// <summary>The result or dose, as text for the citizen.</summary>
        public string Result { get; init; } = "";

        /// <summary>Optional, whatever contract version you declare (a reader that does not know it ignores it): a code for what was given or tested, for example the vaccine's code in the national
        /// immunisation register ("MMR", "DTP-IPV-Hib-HepB"). The platform uses it with the date to recognise the same
        /// vaccination from two sources; without it, the name is compared.</summary>
        public string? Code { get; init; }

        /// <summary>Optional, whatever contract version you declare: the HER-id of the unit that gave the vaccine or took the test
        /// (one of the units your installation serves; another is not named to the citizen). A test result
        /// from the school health service or the youth clinic is the youth's own: parents of a 12-15-year-old do not see it.
        /// Without it, the platform treats a test result as the youth's own.</summary>
        public string? UnitHerId { get; init; }

        /// <summary>The health service exempted it from parental access (pbrl. § 3-4).</summary>
        public bool ExemptFromParentalAccess { get; init; }
    }

    /// <summary>Which free slots (<see cref="IEpjSlotBooking.GetFreeSlotsAsync"/>), as sent over HTTP.</summary>
    public sealed record FreeSlotsQuery
    {
        /// <summary>The unit's HER-id.</summary>
        public string UnitHerId { get; init; } = "";

        /// <summary>From (inclusive).</summary>
        public DateTimeOffset From { get; init; }

        /// <summary>To (exclusive).</summary>
        public DateTimeOffset To { get; init; }
    }

    /// <summary>Whose vaccinations or test results (<see cref="IEpjHealthRecords"/>), as sent over HTTP: the
    /// fødselsnummer goes in the body, never in a URL.</summary>
    public sealed record HealthRecordsQuery
    {
        /// <summary>The patient's fødselsnummer.</summary>
        public string PatientPid { get; init; } = "";
    }

    /// <summary>One line of a youth-chat transcript.</summary>
    public sealed record TranscriptLine
    {
        /// <summary>When it was written.</summary>
        public DateTimeOffset At { get; init; }

        /// <summary>"youth" or "nurse".</summary>
        public string From { get; init; } = "";

        /// <summary>The text.</summary>
        public string Text { get; init; } = "";
    }

    /// <summary>A youth-chat transcript the youth consented to journal.</summary>
    public sealed record YouthChatTranscript
    {
        /// <summary>Stable across retries; the idempotency key.</summary>
        public Guid MessageId { get; init; }

        /// <summary>The youth's fødselsnummer (known only after the youth logged in and consented).</summary>
        public string PatientPid { get; init; } = "";

        /// <summary>The unit's HER-id.</summary>
        public string UnitHerId { get; init; } = "";

        /// <summary>When the youth consented.</summary>
        public DateTimeOffset ConsentedAt { get; init; }

        /// <summary>The conversation.</summary>
        public IReadOnlyList<TranscriptLine> Lines { get; init; } = Array.Empty<TranscriptLine>();
    }
}
