namespace DigiHelsestasjon.Identity.Features.AuthorizeSubjectAccess;

using DigiHelsestasjon.Identity.Contracts;
using DigiHelsestasjon.Identity.Features.Representations;

/// <summary>The one place that decides access on someone's behalf, and logs it.</summary>
internal sealed class AuthorizeSubjectAccessHandler(Representations representations) : IRequestHandler<AuthorizeSubjectAccess, SubjectAccessDecision>
{
    public async Task<SubjectAccessDecision> Handle(AuthorizeSubjectAccess request, CancellationToken cancellationToken)
    {
        var actorRecord = await representations.LookupAsync(request.ActorPid, cancellationToken)
            ?? throw new PlatformProblemException(401, "unknown-person", "The logged-in person is not in the population register.");
        var actor = await representations.EnsurePersonAsync(actorRecord, cancellationToken);
        var representation = await representations.ForSubjectAsync(actorRecord, actor, request.SubjectId, cancellationToken);
        var allowed = representation is not null && representation.Permissions.Contains(request.Permission)
            && (!request.YouthServicesOnly || representation.Relation == Relations.Self);
        var decision = new SubjectAccessDecision(allowed, actor.Id, representation?.Relation, representation?.Age) { YouthServicesOnly = request.YouthServicesOnly, ActorName = actor.Name };
        if (allowed && request.Item is not null && !decision.MaySee(request.Item))
        {
            decision = decision with { Allowed = false };
        }

        // Acting for oneself is not logged; every access for someone else is, and so is every refusal.
        if (representation?.Relation != Relations.Self || !decision.Allowed)
        {
            await representations.LogAsync(request.SubjectId, actor, representation?.Relation ?? "none", request.Action, request.Purpose, decision.Allowed, cancellationToken);
        }

        return decision;
    }
}

/// <summary>The same decision for every subject the actor may act for, each logged as one access (acting for oneself is not
/// logged, as above): one row per subject and call.</summary>
internal sealed class AuthorizeEverySubjectHandler(Representations representations) : IRequestHandler<AuthorizeEverySubject, IReadOnlyDictionary<Guid, SubjectAccessDecision>>
{
    public async Task<IReadOnlyDictionary<Guid, SubjectAccessDecision>> Handle(AuthorizeEverySubject request, CancellationToken cancellationToken)
    {
        var actorRecord = await representations.LookupAsync(request.ActorPid, cancellationToken)
            ?? throw new PlatformProblemException(401, "unknown-person", "The logged-in person is not in the population register.");
        var actor = await representations.EnsurePersonAsync(actorRecord, cancellationToken);
        var result = new Dictionary<Guid, SubjectAccessDecision>();
        foreach (var representation in await representations.ListAsync(actorRecord, actor, cancellationToken))
        {
            if (!representation.Permissions.Contains(request.Permission) || (request.YouthServicesOnly && representation.Relation != Relations.Self)
                || result.ContainsKey(representation.Subject.Id))
            {
                continue;
            }

            result[representation.Subject.Id] = new SubjectAccessDecision(true, actor.Id, representation.Relation, representation.Age)
            {
                YouthServicesOnly = request.YouthServicesOnly, ActorName = actor.Name,
            };
            if (representation.Relation != Relations.Self)
            {
                representations.Log(representation.Subject.Id, actor, representation.Relation, request.Action, request.Purpose, allowed: true);
            }
        }

        return result;
    }
}

/// <summary>The subject routes' filter asks here: the decision is made (and logged) by <see cref="AuthorizeSubjectAccess"/>.</summary>
internal sealed class SubjectAccessGate(IMediator mediator) : BuildingBlocks.Security.ISubjectAccessGate
{
    /// <summary>A login below ID-porten's level high (Feide, substantial) reaches only the caller's own youth-service contacts.</summary>
    public static bool ReachesOnlyYouthServices(string? acr) => acr != BuildingBlocks.Security.AssuranceLevels.High;

    public async Task<object?> AuthorizeAsync(System.Security.Claims.ClaimsPrincipal user, Guid subjectId, BuildingBlocks.Security.SubjectAccessRequirement requirement, CancellationToken cancellationToken, object? item = null)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        if (BuildingBlocks.Security.PlatformClaims.Pid(user) is not { } pid)
        {
            return null;
        }

        // Below ID-porten's level high (a Feide login, MinID) only the youth subset is reached; routes that need more say
        // so before this filter runs (RequireAssurance), so this narrows only the routes that accept such a login.
        var youthServicesOnly = ReachesOnlyYouthServices(BuildingBlocks.Security.PlatformClaims.Acr(user));
        var decision = await mediator.Send(
            new AuthorizeSubjectAccess(pid, subjectId, requirement.Permission, requirement.Action, requirement.Purpose, item as ItemProtection, youthServicesOnly), cancellationToken);
        return decision.Allowed ? decision : null;
    }

    public async Task<IReadOnlyDictionary<Guid, object>> AuthorizeEveryAsync(System.Security.Claims.ClaimsPrincipal user, BuildingBlocks.Security.SubjectAccessRequirement requirement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        if (BuildingBlocks.Security.PlatformClaims.Pid(user) is not { } pid)
        {
            return new Dictionary<Guid, object>();
        }

        var decisions = await mediator.Send(
            new AuthorizeEverySubject(pid, requirement.Permission, requirement.Action, requirement.Purpose, ReachesOnlyYouthServices(BuildingBlocks.Security.PlatformClaims.Acr(user))), cancellationToken);
        return decisions.ToDictionary(d => d.Key, d => (object)d.Value);
    }
}
