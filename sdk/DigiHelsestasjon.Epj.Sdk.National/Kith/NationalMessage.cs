namespace DigiHelsestasjon.Epj.Sdk.National.Kith;

/// <summary>The processes of the digital dialog with citizens (HITS 1217), as written in <c>MsgInfo/Type</c>.</summary>
public static class NationalProcess
{
    public const string EKontakt = "DIALOG_INNBYGGER_EKONTAKT";
    public const string Avtaleutsending = "DIALOG_INNBYGGER_AVTALEUTSENDING";

    /// <summary>The process's name in the implementation guide.</summary>
    public const string Avtaleavbestilling = "DIALOG_INNBYGGER_AVTALEAVBESTILLING";

    /// <summary>The name the Directorate's example files carry; accepted on the way in as the same process.</summary>
    public const string AvtaleavbestillingAsInTheExamples = "DIALOG_INNBYGGER_AVTALEBESTILLING";

    public const string Timereservasjon = "DIALOG_INNBYGGER_TIMERESERVASJON";
    public const string TimeonskeUngdom = "DIALOG_INNBYGGER_TIMEONSKEUNGDOM";

    /// <summary>An application receipt (its own message type, not a dialog process).</summary>
    public const string AppRec = "APPREC";

    /// <summary>What a party on this platform's side of the bus takes (the processes above and receipts); another process
    /// goes to its sender's error queue as <c>transport:unsupported-message</c> (HITS 1216 2.2.3).</summary>
    public static IReadOnlySet<string> Supported { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        EKontakt, Avtaleutsending, Avtaleavbestilling, AvtaleavbestillingAsInTheExamples, Timereservasjon, TimeonskeUngdom, AppRec,
    };

    /// <summary>The process's name, with the example files' spelling of Avtaleavbestilling read as the guide's.</summary>
    public static string Normalise(string process) => process == AvtaleavbestillingAsInTheExamples ? Avtaleavbestilling : process;
}

/// <summary>A communication party in MsgHead's Sender or Receiver: an organisation with a HER-id and, below it, the unit
/// (a sub-organisation with its own HER-id) the message is really to or from.</summary>
public sealed record NationalParty(string HerId, string Name, string? UnitHerId = null, string? UnitName = null);

/// <summary>The patient in <c>MsgInfo/Patient</c>.</summary>
public sealed record NationalPatient(string Fnr, string GivenName = "", string FamilyName = "");

/// <summary>A person who acts for the patient (Pasientrelasjon 2014-03-28): a parent (code list 9033 "foresatt") or one
/// holding a power of attorney.</summary>
public sealed record NationalRelatedPerson(string Fnr, string GivenName, string FamilyName, string Relation);

/// <summary>The Dialogmelding part: a request (<c>Foresporsel</c>, <c>TypeForesp</c> from code list 7601: HE, DI, EKI, MOA,
/// ART, RT, HLT, TO, ...) or a note/answer (<c>Notat</c>, <c>TemaKodet</c> from 7602: 19, 22, 13, 05, 06, 07, 08, 09, 34,
/// 26, 30, ...).</summary>
public sealed record NationalDialog(bool IsRequest, string Code, string? Text = null, string? CodeText = null);

/// <summary>One iCalendar event (xCal vevent). <see cref="RelatedTo"/> is the appointment's identity across moves
/// (the guide's <c>related-to</c>); <see cref="Uid"/> the journal's id of this version or slot.</summary>
public sealed record NationalEvent
{
    public string Uid { get; init; } = "";
    public string? RelatedTo { get; init; }

    /// <summary>iCalendar's SEQUENCE: the event's revision (the contract's appointment version), when given.</summary>
    public long? Sequence { get; init; }
    public DateTimeOffset Start { get; init; }
    public DateTimeOffset End { get; init; }

    /// <summary>xCal status: CONFIRMED, CANCELLED, COMPLETED, TENTATIVE ... (null when absent).</summary>
    public string? Status { get; init; }

    public string? Location { get; init; }

    /// <summary>The kind of appointment as text (xCal description / summary).</summary>
    public string? Description { get; init; }

    /// <summary>The unit's HER-id (xCal contact).</summary>
    public string? Contact { get; init; }

    /// <summary>The organiser's name (xCal organizer cn).</summary>
    public string? Organizer { get; init; }

    /// <summary>The guide's "Timetype Innbyggerportal" (xCal categories): "Video", "Hastetime", "Tidsvindu"; null for none.</summary>
    public string? Category { get; init; }
}

/// <summary>A file sent as a base64 document (a RefDoc with a MIME type and a Base64Container).</summary>
public sealed record NationalAttachment(string FileName, string MimeType, byte[] Content);

/// <summary>A whole MsgHead message of one of the processes, in the parts the platform uses.</summary>
public sealed record NationalMessage
{
    /// <summary><c>MsgInfo/Type</c>: a <see cref="NationalProcess"/> name.</summary>
    public string Process { get; init; } = "";

    /// <summary><c>MsgInfo/MsgId</c>: unique per message; a resend after a negative receipt gets a new one.</summary>
    public string MsgId { get; init; } = "";

    public DateTimeOffset GenDate { get; init; }
    public NationalParty Sender { get; init; } = new("", "");
    public NationalParty Receiver { get; init; } = new("", "");
    public NationalPatient? Patient { get; init; }

    /// <summary><c>ConversationRef/RefToParent</c>: the MsgId this answers.</summary>
    public string? RefToParent { get; init; }

    /// <summary><c>ConversationRef/RefToConversation</c>: the MsgId that opened the conversation (the thread).</summary>
    public string? RefToConversation { get; init; }

    /// <summary>The first document's <c>ContentDescription</c> (a subject, when there is one).</summary>
    public string? Subject { get; init; }

    public NationalDialog Dialog { get; init; } = new(true, "");

    /// <summary>The iCalendar events: one appointment, or the free or planned times of an answer.</summary>
    public IReadOnlyList<NationalEvent> Events { get; init; } = [];

    public IReadOnlyList<NationalAttachment> Attachments { get; init; } = [];

    /// <summary>Who acts for the patient, when it is not the patient (Pasientrelasjon). Never for Timeønske ungdom.</summary>
    public NationalRelatedPerson? ActingFor { get; init; }

    /// <summary><c>MsgInfo/Ack</c>: J (an AppRec is wanted) or N. The guide asks for N on the synchronous services
    /// (fetch free or booked times and their answers); every example file says J.</summary>
    public bool AckRequested { get; init; } = true;

    /// <summary>The HER-id the transport vouched for (AMQP <c>fromHerId</c>, checked against the signature and the
    /// MsgHead's sender at either level); set by the receiving endpoint, never read from the XML.</summary>
    public string? TransportSenderHerId { get; init; }
}

/// <summary>The AppRec status (code list 8221's parent, "Status for mottak av melding"): 1 OK, 2 rejected, 3 OK with errors.</summary>
public enum AppRecStatus
{
    Ok = 1,
    Rejected = 2,
    OkWithErrors = 3,
}

/// <summary>One error in an AppRec (code list 8221 for the national codes: T01, T02, E10, E35, ...).</summary>
public sealed record AppRecError(string Code, string Description);

/// <summary>An application receipt. <see cref="Version"/> is "1.0" (2004-11-21) or "1.1" (2012-02-15), as the
/// counterpart's agreement says.</summary>
public sealed record NationalAppRec
{
    public string Version { get; init; } = "1.0";
    public string MsgId { get; init; } = "";
    public DateTimeOffset GenDate { get; init; }
    public NationalParty Sender { get; init; } = new("", "");
    public NationalParty Receiver { get; init; } = new("", "");
    public AppRecStatus Status { get; init; }

    /// <summary>The MsgId of the message this answers, its process (MsgType) and when it was issued.</summary>
    public string OriginalMsgId { get; init; } = "";
    public string OriginalProcess { get; init; } = "";
    public DateTimeOffset OriginalIssueDate { get; init; }
    public IReadOnlyList<AppRecError> Errors { get; init; } = [];

    /// <summary>The HER-id the transport vouched for (see <see cref="NationalMessage.TransportSenderHerId"/>).</summary>
    public string? TransportSenderHerId { get; init; }
}

/// <summary>What a message failed on when read: the national code to answer with (T01 not XML, T02 schema or a required
/// part, E10 ...) and what was wrong, without patient data.</summary>
public sealed class NationalFormatException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
