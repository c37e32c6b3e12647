using DigiHelsestasjon.BuildingBlocks.Contracts;

namespace DigiHelsestasjon.Identity.Contracts;

/// <summary>The permissions a representation may carry.</summary>
public static class Permissions
{
    public const string ProfileRead = "profile.read";
    public const string AppointmentsRead = "appointments.read";
    public const string AppointmentsCancel = "appointments.cancel";
    public const string MessagesRead = "messages.read";
    public const string MessagesSend = "messages.send";
    public const string AccessLogRead = "accesslog.read";

    /// <summary>Book a free time (self-service booking; the age rules are Calendar's).</summary>
    public const string AppointmentsBook = "appointments.book";

    /// <summary>Vaccinations, and test results within the representation rules.</summary>
    public const string HealthRecordsRead = "healthrecords.read";

    /// <summary>What a power of attorney may grant.</summary>
    public static readonly IReadOnlyList<string> Delegable = [ProfileRead, AppointmentsRead, AppointmentsCancel, MessagesRead, MessagesSend];
}

/// <summary>How the subject is related to the actor, as <c>/api/v1/me</c> lists it: the actor themself, the actor's
/// child (so the actor acts as a parent), or a person who gave the actor a power of attorney.</summary>
public static class SubjectRelations
{
    public const string Self = "self";
    public const string Child = "child";
    public const string Fullmakt = "fullmakt";
}

/// <summary>The age limits of the representation rules (pbrl. §§ 3-4, 4-3, 4-4), owned by Identity, used by every
/// module that filters items for parents.</summary>
public static class RepresentationAges
{
    /// <summary>Below this age parents see everything; from it, a youth's own contacts are theirs alone.</summary>
    public const int ParentsSeeEverythingBelow = 12;

    /// <summary>From this age the youth acts alone; parents see nothing.</summary>
    public const int YouthAloneFrom = 16;
}

/// <summary>How an item (appointment, message) is protected from parents.</summary>
/// <param name="ExemptFromParentalAccess">The health service marked it (pbrl. § 3-4).</param>
/// <param name="YouthService">A youth's own contact with the school nurse or HFU.</param>
public sealed record ItemProtection(bool ExemptFromParentalAccess, bool YouthService);

/// <summary>May this caller do this for this subject (and this item)? Every module asks this
/// instead of checking itself. The answer is written to the subject's access log.</summary>
/// <param name="ActorPid">The caller's fødselsnummer, from the token's pid claim.</param>
/// <param name="SubjectId">The opaque id of the person acted for.</param>
/// <param name="Permission">One of <see cref="Permissions"/>.</param>
/// <param name="Action">What is done, for the access log (for example "appointments.list").</param>
/// <param name="Purpose">Why, for the access log.</param>
/// <param name="Item">The item's protection, when one item is accessed.</param>
/// <param name="YouthServicesOnly">The login's level of assurance (Feide, or ID-porten's substantial) reaches only the youth
/// subset: the caller's own contacts with the school health service and HFU, never anyone else's data.</param>
public sealed record AuthorizeSubjectAccess(string ActorPid, Guid SubjectId, string Permission, string Action, string Purpose, ItemProtection? Item = null, bool YouthServicesOnly = false)
    : ICommand<SubjectAccessDecision>;

/// <summary><see cref="AuthorizeSubjectAccess"/> for every subject the actor may act for with the permission (self, children,
/// powers of attorney), each logged as one access: for an answer about all of them at once (the chooser's unread counts).
/// Only the granted ones are returned, by subject id.</summary>
public sealed record AuthorizeEverySubject(string ActorPid, string Permission, string Action, string Purpose, bool YouthServicesOnly = false)
    : ICommand<IReadOnlyDictionary<Guid, SubjectAccessDecision>>;

/// <param name="Allowed">False: answer 404, never 403.</param>
/// <param name="Relation">One of <see cref="SubjectRelations"/>.</param>
/// <param name="SubjectAge">The subject's age today (Europe/Oslo).</param>
public sealed record SubjectAccessDecision(bool Allowed, Guid ActorPersonId, string? Relation, int? SubjectAge)
{
    /// <summary>The login reaches only the caller's own youth-service contacts (<see cref="AuthorizeSubjectAccess.YouthServicesOnly"/>).</summary>
    public bool YouthServicesOnly { get; init; }

    /// <summary>The actor's name as the population register gives it (the decision read it anyway), so a message signed by
    /// the actor needs no second send for it; null where the decision was made without the register.</summary>
    public string? ActorName { get; init; }

    /// <summary>For lists: may this caller see an item with this protection?</summary>
    public bool MaySee(ItemProtection? item) =>
        Allowed && (!YouthServicesOnly || item?.YouthService == true) && (!ActsAsParent || item is null
            || (!item.ExemptFromParentalAccess && !(item.YouthService && SubjectAge >= RepresentationAges.ParentsSeeEverythingBelow)));

    /// <summary>The actor acts for their child.</summary>
    public bool ActsAsParent => Relation == SubjectRelations.Child;

    /// <summary>The actor's relation to the subject, as the EPJ records who asked: self, parent or fullmakt.</summary>
    public string ActorRelation => Relation switch
    {
        SubjectRelations.Child => "parent",
        SubjectRelations.Fullmakt => SubjectRelations.Fullmakt,
        _ => SubjectRelations.Self,
    };
}

/// <summary>The opaque person id for a fødselsnummer the platform received (for example from an EPJ).</summary>
public sealed record ResolvePersonId(string Pid) : ICommand<Guid?>;

/// <summary>Who may receive notices about the subject: the subject from 16, otherwise parents
/// with parental responsibility within the representation rules. Never a protected address.
/// A command because it records the recipients' opaque ids on first sight.</summary>
public sealed record GetNoticeRecipients(Guid SubjectId, ItemProtection? Item = null) : ICommand<IReadOnlyList<NoticeRecipient>>;

public sealed record NoticeRecipient(Guid PersonId, string Relation);

/// <summary>The fødselsnummer of a person, for a message to the person's EPJ (the journal knows
/// patients by it). Only the EPJ integration needs it; never put it in a URL, log or notice.</summary>
public sealed record GetPersonPid(Guid PersonId) : IQuery<string?>;

/// <summary>The person's name as the population register gives it, for what the health service reads (who wrote a
/// message). Null for a person the platform has not seen.</summary>
public sealed record GetPersonName(Guid PersonId) : IQuery<string?>;

/// <summary>Ends a web session on the server (logout): its cookie is refused from now on, also a copy taken before. Kept
/// until the session would have expired anyway.</summary>
public sealed record EndWebSession(string SessionId, DateTimeOffset ExpiresAt) : ICommand<bool>;

/// <summary>Whether the web session was ended by a logout.</summary>
public sealed record IsWebSessionEnded(string SessionId) : IQuery<bool>;
