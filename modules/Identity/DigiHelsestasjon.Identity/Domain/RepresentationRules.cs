using DigiHelsestasjon.Identity.Contracts;

namespace DigiHelsestasjon.Identity.Domain;

/// <summary>The relation words, owned by the Contracts so other modules use the same ones.</summary>
public static class Relations
{
    public const string Self = SubjectRelations.Self;
    public const string Child = SubjectRelations.Child;
    public const string Fullmakt = SubjectRelations.Fullmakt;
}

/// <summary>What a parent sees of a child, by the child's age (pbrl. §§ 3-4, 4-3, 4-4): codes the client puts in words.</summary>
public static class ParentViews
{
    /// <summary>Under 12: everything the child's own login would show.</summary>
    public const string Everything = "parent-sees-everything";

    /// <summary>12-15: not the youth's own contacts with the school health service and HFU, nor their messages, access log
    /// or booking; the rest (other appointments, vaccinations) stays visible.</summary>
    public const string WithoutYouthsOwnHealthInformation = "parent-sees-without-youths-own-health-information";

    /// <summary>16-17: the youth manages this themself; the parent sees nothing.</summary>
    public const string YouthManagesThemself = "youth-manages-themself-from-16";
}

/// <summary>The representation rules (docs/architecture.md, pbrl. §§ 3-4, 4-3, 4-4, 5-1): what one person may do for
/// another. Pure: every boundary is covered by a table test.</summary>
public static class RepresentationRules
{
    public const int ParentsSeeEverythingBelow = RepresentationAges.ParentsSeeEverythingBelow;
    public const int YouthAloneFrom = RepresentationAges.YouthAloneFrom;
    public const int FullmaktGiverFrom = 16;
    public const int FullmaktReceiverFrom = 18;

    private static readonly string[] Everything =
        [Permissions.ProfileRead, Permissions.AppointmentsRead, Permissions.AppointmentsCancel, Permissions.MessagesRead, Permissions.MessagesSend, Permissions.AccessLogRead,
         Permissions.AppointmentsBook, Permissions.HealthRecordsRead];

    private static readonly string[] YoungChild = Everything;

    // 12-15: appointments (minus exempt items, filtered per item), vaccinations (and test results outside the school health
    // service and HFU), no messages, no access log, no booking (the youth books their own).
    private static readonly string[] Youth = [Permissions.ProfileRead, Permissions.AppointmentsRead, Permissions.AppointmentsCancel, Permissions.HealthRecordsRead];

    public static IReadOnlyList<string> ForSelf() => Everything;

    /// <summary>A parent acting for a child. Without parental responsibility, or with a protected
    /// address on either side, nothing.</summary>
    public static IReadOnlyList<string> ForParent(bool parentalResponsibility, bool parentProtected, bool childProtected, int childAge)
    {
        if (!parentalResponsibility || parentProtected || childProtected)
        {
            return [];
        }

        return childAge switch
        {
            < ParentsSeeEverythingBelow => YoungChild,
            < YouthAloneFrom => Youth,
            _ => [],
        };
    }

    /// <summary>What a parent with parental responsibility sees of a child of this age, as a code the client puts in words.
    /// The same age bands as <see cref="ForParent"/> (a test holds the two together).</summary>
    public static string ParentViewFor(int childAge) => childAge switch
    {
        < ParentsSeeEverythingBelow => ParentViews.Everything,
        < YouthAloneFrom => ParentViews.WithoutYouthsOwnHealthInformation,
        _ => ParentViews.YouthManagesThemself,
    };

    /// <summary>A fullmakt holder: the granted scopes, never more than the giver has, and only
    /// while giver and receiver meet the age limits and the fullmakt is in force.</summary>
    public static IReadOnlyList<string> ForFullmakt(IEnumerable<string> scopes, int giverAge, int receiverAge, bool anyProtected, bool inForce)
    {
        if (!inForce || anyProtected || giverAge < FullmaktGiverFrom || receiverAge < FullmaktReceiverFrom)
        {
            return [];
        }

        return scopes.Intersect(Permissions.Delegable).ToList();
    }
}
