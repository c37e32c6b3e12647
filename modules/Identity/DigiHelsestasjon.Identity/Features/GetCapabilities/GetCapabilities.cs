namespace DigiHelsestasjon.Identity.Features.GetCapabilities;

using DigiHelsestasjon.Identity.Features.AuthorizeSubjectAccess;
using DigiHelsestasjon.Identity.Features.Representations;

/// <param name="Login">The login's level: <c>idporten-loa-high</c>, <c>idporten-loa-substantial</c> or <c>feide</c>.</param>
/// <param name="Areas">Each area of the pages and whether this login reaches it.</param>
/// <param name="Subjects">Self first, then each person the user may act for, and children from 16 with why they are not.</param>
/// <param name="ParentSeesOfMe">For a user under 18: what a parent with parental responsibility sees of them.</param>
public sealed record CapabilitiesResponse(string Login, IReadOnlyList<LoginArea> Areas, IReadOnlyList<SubjectCapabilities> Subjects, YouthPrivacy? ParentSeesOfMe);

/// <param name="Usable">This login may open the area (for the subjects whose <see cref="SubjectCapabilities.Areas"/> name it).</param>
/// <param name="Reason">Why not: <c>insufficient-assurance</c> (log in with one of <paramref name="AcceptedLogins"/>, the same
/// code the area's routes answer) or <c>not-offered</c> (this installation does not offer it).</param>
/// <param name="Reach"><c>all</c>, or <c>youth-services-only</c>: the login reaches only the user's own contacts with the
/// school health service and HFU (a Feide or substantial login).</param>
/// <param name="AcceptedLogins">The logins the area accepts; empty: any citizen login.</param>
public sealed record LoginArea(string Area, bool Usable, string? Reason, string Reach, IReadOnlyList<string> AcceptedLogins);

/// <param name="SubjectId">Null for a child who manages this themself (nothing to act on).</param>
/// <param name="Relation"><c>self</c>, <c>child</c> or <c>fullmakt</c>.</param>
/// <param name="Areas">The areas this login may use for this person now.</param>
/// <param name="ParentView">For a child: what the parent sees at this age (<see cref="ParentViews"/>).</param>
/// <param name="ParentSeesYouthServiceContacts">For a child: whether the child's own contacts with the school health service
/// and HFU are shown to the parent.</param>
public sealed record SubjectCapabilities(
    Guid? SubjectId, string Name, int Age, string Relation, IReadOnlyList<string> Areas, string? ParentView, bool? ParentSeesYouthServiceContacts);

/// <summary>What a parent sees of a youth, told to the youth: areas by name, and the reason code.</summary>
public sealed record YouthPrivacy(string ParentView, IReadOnlyList<string> ParentMaySee, IReadOnlyList<string> ParentMayNotSee, bool ParentSeesYouthServiceContacts);

public static class CapabilityReasons
{
    /// <summary>The same code the area's routes answer a login below the level they need.</summary>
    public const string InsufficientAssurance = "insufficient-assurance";
    public const string NotOffered = "not-offered";
}

public static class Reaches
{
    public const string All = "all";
    public const string YouthServicesOnly = "youth-services-only";
}

/// <summary>What this login may use, for whom, and why not: derived from the routes' declared logins, the representation rules
/// and the access decision's own item filter, so the pages can show only what works and say why the rest does not.
/// A command because the person is recorded on first sight, as <c>GetMe</c> does.</summary>
internal sealed record GetCapabilities(string Pid, string? Acr) : ICommand<CapabilitiesResponse>;

internal sealed class GetCapabilitiesHandler(Representations representations, LoginAreas loginAreas) : IRequestHandler<GetCapabilities, CapabilitiesResponse>
{
    public async Task<CapabilitiesResponse> Handle(GetCapabilities request, CancellationToken cancellationToken)
    {
        var record = await representations.LookupAsync(request.Pid, cancellationToken)
            ?? throw new PlatformProblemException(401, "unknown-person", "The logged-in person is not in the population register.");
        var person = await representations.EnsurePersonAsync(record, cancellationToken);
        var youthServicesOnly = SubjectAccessGate.ReachesOnlyYouthServices(request.Acr);
        var list = await representations.ListAsync(record, person, cancellationToken);
        if (youthServicesOnly)
        {
            list = [.. list.Where(r => r.Relation == Relations.Self)];
        }

        var areas = LoginAreas.All.Select(area => ForLogin(area, request.Acr, youthServicesOnly)).ToList();
        var usable = LoginAreas.All.Where(a => areas.Single(l => l.Area == a.Name).Usable).ToList();
        var subjects = list.Select(r => new SubjectCapabilities(
                r.Subject.Id,
                r.Subject.Name,
                r.Age,
                r.Relation,
                [.. usable.Where(a => a.Permission is null ? r.Relation == Relations.Self : r.Permissions.Contains(a.Permission)).Select(a => a.Name)],
                r.Relation == Relations.Child ? RepresentationRules.ParentViewFor(r.Age) : null,
                r.Relation == Relations.Child ? ParentSeesYouthServiceContacts(r.Age) : null))
            .ToList();
        if (!youthServicesOnly)
        {
            subjects.AddRange((await representations.ChildrenManagingThemselvesAsync(record, cancellationToken)).Select(c =>
                new SubjectCapabilities(null, c.Name, c.Age, Relations.Child, [], RepresentationRules.ParentViewFor(c.Age), false)));
        }

        var age = Age.On(person.BirthDate, representations.Today);
        return new CapabilitiesResponse(request.Acr ?? "none", areas, subjects, age < Representations.AdultFrom ? PrivacyOf(age) : null);
    }

    private LoginArea ForLogin(Area area, string? acr, bool youthServicesOnly)
    {
        var accepted = loginAreas.AcceptedLogins(area);
        var usable = accepted is not null && (accepted.Count == 0 || (acr is not null && accepted.Contains(acr)));
        var reason = accepted is null ? CapabilityReasons.NotOffered : usable ? null : CapabilityReasons.InsufficientAssurance;
        var reach = youthServicesOnly && area.Permission is not null ? Reaches.YouthServicesOnly : Reaches.All;
        return new LoginArea(area.Name, usable, reason, reach, accepted ?? []);
    }

    /// <summary>The access decision's own filter, asked about a youth-service item for a parent of a child this age.</summary>
    private static bool ParentSeesYouthServiceContacts(int childAge) =>
        new SubjectAccessDecision(true, Guid.Empty, SubjectRelations.Child, childAge).MaySee(new ItemProtection(ExemptFromParentalAccess: false, YouthService: true));

    private static YouthPrivacy PrivacyOf(int age)
    {
        var parentPermissions = RepresentationRules.ForParent(parentalResponsibility: true, parentProtected: false, childProtected: false, age);
        var subjectAreas = LoginAreas.All.Where(a => a.Permission is not null).ToList();
        return new YouthPrivacy(
            RepresentationRules.ParentViewFor(age),
            [.. subjectAreas.Where(a => parentPermissions.Contains(a.Permission!)).Select(a => a.Name)],
            [.. subjectAreas.Where(a => !parentPermissions.Contains(a.Permission!)).Select(a => a.Name)],
            parentPermissions.Count > 0 && ParentSeesYouthServiceContacts(age));
    }
}
