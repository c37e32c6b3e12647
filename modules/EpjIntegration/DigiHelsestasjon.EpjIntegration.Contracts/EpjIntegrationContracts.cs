using DigiHelsestasjon.BuildingBlocks.Contracts;

namespace DigiHelsestasjon.EpjIntegration.Contracts;

// ---- What other modules ask of the EPJ: written to their own outbox in the same transaction as
// their state change; EpjIntegration consumes them (once, through its inbox) and delivers. ----

/// <summary>A file the journal sent with a message (bytes included: it arrives once, and the receiving module stores it).</summary>
public sealed record EpjAttachmentContent(string FileName, string ContentType, byte[] Content);

/// <summary>A file a module stored for a citizen's message. The bytes stay in that module's store: the outbox and the
/// delivery item carry only the reference, and EpjIntegration reads the bytes (<see cref="ReadEpjAttachment"/>) when it delivers.</summary>
public sealed record EpjAttachmentReference(Guid AttachmentId, string FileName, string ContentType, long Size);

/// <summary>Deliver a citizen's message to the unit's journal. <paramref name="MessageId"/> is the idempotency key end to end.
/// <paramref name="SenderPersonId"/>: who wrote (the journal records a parent or proxy who acted; null in items written
/// before it was carried).</summary>
public sealed record EpjCitizenMessageRequested(
    Guid MessageId, Guid UnitId, Guid PatientPersonId, string SenderRelation, string SenderName,
    Guid ConversationId, Guid? InReplyTo, string Subject, string Body, IReadOnlyList<EpjAttachmentReference> Attachments, string? Topic = null,
    Guid? SenderPersonId = null) : IntegrationEvent;

/// <summary>The bytes of an attachment, for delivery; answered by the module that stored it (null: no longer stored).</summary>
public sealed record ReadEpjAttachment(Guid AttachmentId) : IQuery<byte[]?>;

/// <summary>What a unit's journal takes from citizens, as its connector declares it (null: no journal connected).
/// Asks the journal once per connection.</summary>
public sealed record GetUnitEpjCapabilities(Guid UnitId) : IQuery<UnitEpjCapabilities?>;

/// <param name="Reachable">False: the journal did not answer the handshake just now (nothing else is known; ask again later).</param>
/// <param name="AttachmentContentTypes">Empty: the journal takes no attachments.</param>
/// <param name="MaxPayloadBytes">The largest message, text and attachments together.</param>
/// <param name="ReceivesYouthChatTranscripts">The journal declares the optional youth-chat transcript process.</param>
public sealed record UnitEpjCapabilities(bool Reachable, bool ReceivesCitizenMessages, IReadOnlyList<string> AttachmentContentTypes, long MaxPayloadBytes, bool ReceivesYouthChatTranscripts = false);

/// <summary>One line of a youth-chat transcript: who (youth or nurse), when, what.</summary>
public sealed record EpjTranscriptLine(DateTimeOffset At, string From, string Text);

/// <summary>Journal a youth-chat transcript the youth consented to, for a unit whose journal declares the capability.
/// <paramref name="MessageId"/> is the idempotency key end to end (and the id of the thread message that shows it).</summary>
public sealed record EpjYouthChatTranscriptRequested(Guid MessageId, Guid UnitId, Guid PatientPersonId, DateTimeOffset ConsentedAt, IReadOnlyList<EpjTranscriptLine> Lines) : IntegrationEvent;

/// <summary>Ask the unit's journal to cancel an appointment. <paramref name="MessageId"/> identifies the request; the decision refers to it.
/// <paramref name="RequiresApproval"/>: the municipality's policy says staff decide, so the journal must not cancel at once.
/// <paramref name="RequestedByPersonId"/>, <paramref name="AppointmentStart"/> and <paramref name="AppointmentEnd"/>: who asked and
/// the appointment's time, as the national transport writes them (null in items written before they were carried).</summary>
public sealed record EpjCancellationRequested(
    Guid MessageId, Guid UnitId, Guid PatientPersonId, string EpjAppointmentId, string Reason, string RequestedByRelation, bool RequiresApproval = false,
    Guid? RequestedByPersonId = null, DateTimeOffset? AppointmentStart = null, DateTimeOffset? AppointmentEnd = null) : IntegrationEvent;

// ---- What EpjIntegration publishes. ----

/// <summary>What an outbound item carries to the journal.</summary>
public static class EpjDeliveryKinds
{
    public const string CitizenMessage = "citizen-message";
    public const string Cancellation = "cancellation";
    public const string YouthChatTranscript = "youth-chat-transcript";
    public const string SlotReservation = "slot-reservation";
}

/// <summary>Which kind of item a journal's "exempt from parental access" change is about.</summary>
public static class EpjItemKinds
{
    public const string Appointment = "appointment";
    public const string Message = "message";
}

/// <summary>Item states, the same words in the operator API.</summary>
public static class EpjItemStates
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Received = "received";
    public const string Journaled = "journaled";
    public const string Refused = "refused";
    public const string PendingReview = "pending-review";
    public const string Failed = "failed";
    public const string DeadLettered = "dead-lettered";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Stale = "stale";

    public static readonly IReadOnlyList<string> All =
        [Pending, Delivered, Received, Journaled, Refused, PendingReview, Failed, DeadLettered, Accepted, Rejected, Stale];
}

/// <summary>An outbound item moved on one of the three acknowledgement levels. Only <see cref="EpjItemStates.Journaled"/>
/// may be shown to a citizen as journaled; <see cref="EpjItemStates.Received"/> is the application receipt alone.</summary>
/// <param name="Kind">One of <see cref="EpjDeliveryKinds"/>.</param>
/// <param name="ErrorCodes">National AppRec codes, for example E35.</param>
public sealed record EpjDeliveryStateChanged(
    Guid MessageId, string Kind, string State, string? ReceiptStatus, string? Outcome, string? DocumentReference, string? Reason, IReadOnlyList<string> ErrorCodes) : IntegrationEvent;

/// <summary>The journal published an appointment (a newer version than the platform had).</summary>
/// <param name="Change">created, changed or cancelled.</param>
/// <param name="Status">booked, cancelled, attended or noShow.</param>
/// <param name="IsVideo">A video appointment (EPJ contract 1.2; the national timetype Video).</param>
public sealed record EpjAppointmentPublished(
    Guid PersonId, Guid UnitId, string EpjAppointmentId, long Version, string Change, DateTimeOffset Start, DateTimeOffset End,
    string AppointmentType, string PractitionerRole, string Location, bool ExemptFromParentalAccess, string Status, bool IsVideo = false) : IntegrationEvent;

/// <summary>A reply or new message from the health service to the citizen. <paramref name="ConversationId"/> is the
/// journal's, or (for a new conversation) the one the platform gave it and answered in the receipt's reference.</summary>
public sealed record EpjHealthServiceMessageReceived(
    Guid MessageId, Guid PersonId, Guid UnitId, Guid ConversationId, Guid? InReplyTo, string Subject, string Body, bool ExemptFromParentalAccess,
    IReadOnlyList<EpjAttachmentContent>? Attachments = null) : IntegrationEvent;

/// <summary>The health service decided a cancellation (or the journal decided it at once). <paramref name="RequestedByPersonId"/>
/// and <paramref name="RequiresApproval"/> are the request's own (who asked; whether staff were to decide).</summary>
public sealed record EpjCancellationDecided(
    Guid CancellationMessageId, string EpjAppointmentId, Guid UnitId, bool Accepted, string? Reason,
    Guid? RequestedByPersonId = null, bool RequiresApproval = false) : IntegrationEvent;

/// <summary>The health service set or lifted "exempt from parental access" on an item.</summary>
/// <param name="ItemKind">One of <see cref="EpjItemKinds"/>.</param>
public sealed record EpjParentalAccessExemptionChanged(Guid PersonId, string ItemKind, string ItemId, bool Exempt) : IntegrationEvent;

// ---- Self-service: free slots, reservations and health records, asked of the unit's journal while the citizen waits. ----

public static class EpjSelfServiceKinds
{
    public const string Vaccinations = "vaccinations";
    public const string TestResults = "test-results";

    /// <summary>The error code (in <see cref="EpjDeliveryStateChanged.ErrorCodes"/>) of a reservation whose slot was taken: the SDK's SlotNotAvailable.</summary>
    public const string SlotTakenErrorCode = "SLOT-TAKEN";

    /// <summary>The longest note a booking carries to the journal: the SDK's EpjContract.MaxBookingNoteLength.</summary>
    public const int MaxBookingNoteLength = 500;
}

/// <summary>A free slot as the unit's journal offers it.</summary>
public sealed record EpjFreeSlot(string EpjSlotId, Guid UnitId, DateTimeOffset Start, DateTimeOffset End, string Kind);

/// <param name="Offered">The unit's journal declares slot booking (otherwise the platform never asks it).</param>
/// <param name="Reachable">False: the journal did not answer in time; nothing is known.</param>
/// <param name="TakesNote">The journal keeps what a booking is about (contract 1.2): only then may a citizen write it.</param>
public sealed record EpjFreeSlots(bool Offered, bool Reachable, IReadOnlyList<EpjFreeSlot> Slots, bool TakesNote = false);

/// <summary>The unit's free slots in a period, asked of its journal now (within the journal's declared time limit).</summary>
public sealed record GetEpjFreeSlots(Guid UnitId, DateTimeOffset From, DateTimeOffset To) : IQuery<EpjFreeSlots>;

/// <summary>Reserve a slot in the unit's journal. Not a command on purpose: the request is saved first (an outbound item,
/// so a lost answer is retried by the delivery queue with the same <paramref name="MessageId"/>), then sent while the
/// citizen waits, with no transaction held during the call. Asking again with the same id answers the item's state.</summary>
public sealed record ReserveEpjSlot(Guid MessageId, Guid UnitId, Guid PatientPersonId, string EpjSlotId, string RequestedByRelation, Guid? RequestedByPersonId = null, string? Note = null) : IWorkflow<EpjReservationAnswer>;

/// <summary>The reservation's delivery item as a payload (the delivery queue retries from it).</summary>
public sealed record EpjSlotReservationRequested(Guid MessageId, Guid UnitId, Guid PatientPersonId, string EpjSlotId, string RequestedByRelation, Guid? RequestedByPersonId = null, string? Note = null) : IntegrationEvent;

/// <param name="State">One of <see cref="EpjItemStates"/>: journaled (booked; <paramref name="EpjAppointmentId"/> names it), pending-review
/// or received (waiting for the health service), pending (not answered yet; retried), failed or refused.</param>
/// <param name="SlotTaken">The journal answered that the slot is no longer free.</param>
public sealed record EpjReservationAnswer(string State, bool SlotTaken, string? EpjAppointmentId, string? Reason);

/// <summary>A vaccination or test result as a unit's journal holds it.</summary>
/// <param name="UnitId">The unit that gave or took it, when the journal says so and it is one of the platform's units.</param>
public sealed record EpjHealthRecord(string EntryId, string Name, string? Code, DateTimeOffset At, string Result, Guid? UnitId, string? UnitName, string? UnitType, bool ExemptFromParentalAccess);

/// <param name="Unreachable">Units whose journal did not answer in time: the list may be incomplete.</param>
public sealed record EpjHealthRecords(IReadOnlyList<EpjHealthRecord> Entries, IReadOnlyList<Guid> Unreachable);

/// <summary>A person's vaccinations or test results (<see cref="EpjSelfServiceKinds"/>) from the journals of these units, each
/// journal asked once, only where it declares the process. Nothing is stored.</summary>
public sealed record GetEpjHealthRecords(Guid PersonId, IReadOnlyList<Guid> UnitIds, string Kind) : IQuery<EpjHealthRecords>;

/// <summary>A journal says a new test result is ready (the result itself is read when someone who may see it asks).</summary>
public sealed record EpjTestResultReady(Guid PersonId, Guid UnitId, string EntryId, bool ExemptFromParentalAccess) : IntegrationEvent;
