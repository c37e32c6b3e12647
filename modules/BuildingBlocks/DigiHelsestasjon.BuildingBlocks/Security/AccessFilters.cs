using System.Security.Claims;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DigiHelsestasjon.BuildingBlocks.Security;

/// <summary>What a route under <c>/api/v1/subjects/{subjectId}</c> needs: a permission, and what the access log records.</summary>
/// <param name="OneCommit">The access-log row commits with the endpoint's write (see <see cref="AccessFilters.RequireSubjectAccess"/>).</param>
public sealed record SubjectAccessRequirement(string Permission, string Action, string Purpose, bool OneCommit = false);

/// <summary>Decides (and logs) access on someone's behalf. Identity implements it; the decision it returns is
/// handed to the endpoint, null means refused (answered 404, never 403).</summary>
public interface ISubjectAccessGate
{
    /// <param name="item">The protection of the one item accessed (Identity's <c>ItemProtection</c>), or null for the subject as a whole.</param>
    Task<object?> AuthorizeAsync(ClaimsPrincipal user, Guid subjectId, SubjectAccessRequirement requirement, CancellationToken cancellationToken, object? item = null);

    /// <summary>Every subject the caller may act for with the requirement's permission, each decided and logged as
    /// <see cref="AuthorizeAsync"/> does (one access-log row per subject), for a route that answers for all of them at once.
    /// The decisions (Identity's <c>SubjectAccessDecision</c>) by subject id; a subject not listed is not the caller's.</summary>
    Task<IReadOnlyDictionary<Guid, object>> AuthorizeEveryAsync(ClaimsPrincipal user, SubjectAccessRequirement requirement, CancellationToken cancellationToken);
}

/// <summary>Marks a route that is scoped to the municipality in its <c>{kommunenummer}</c>.</summary>
public sealed record MunicipalityScopeRequirement;

/// <summary>Which municipalities the caller administers. Directory implements it (from the units in the HelseID token).</summary>
public interface IMunicipalityScope
{
    Task<bool> AdministersAsync(ClaimsPrincipal user, string kommunenummer, CancellationToken cancellationToken);
}

/// <summary>Access checks as endpoint filters, so no endpoint has to remember a call; an architecture test fails
/// for a subject or municipality route without them.</summary>
public static class AccessFilters
{
    public const string SubjectRoute = "/api/v1/subjects/{subjectId";
    public const string MunicipalityAdminRoute = "/api/v1/admin/municipalities/{kommunenummer}";

    private static readonly object DecisionKey = new();

    private static readonly object AskedKey = new();
    private static readonly object Refused = new();

    /// <summary>Before the endpoint runs: may the caller act for <c>{subjectId}</c> with this permission? Refusal is 404.</summary>
    /// <param name="oneCommit">For an endpoint that writes with one command (a message): the access-log row and the write
    /// commit in one transaction instead of two. If the write fails, nothing of it is kept, so each access asked in it is
    /// logged again on its own: an access is never lost with a write that failed.</param>
    public static TBuilder RequireSubjectAccess<TBuilder>(this TBuilder builder, string permission, string action, string purpose, bool oneCommit = false)
        where TBuilder : IEndpointConventionBuilder
    {
        var requirement = new SubjectAccessRequirement(permission, action, purpose, oneCommit);
        builder.WithMetadata(requirement);
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!Guid.TryParse(http.GetRouteValue("subjectId")?.ToString(), out var subjectId))
            {
                throw new NotFoundException("subject");
            }

            var gate = http.RequestServices.GetRequiredService<ISubjectAccessGate>();
            if (!requirement.OneCommit)
            {
                http.Items[DecisionKey] = await gate.AuthorizeAsync(http.User, subjectId, requirement, http.RequestAborted)
                    ?? throw new NotFoundException("subject");
                return await next(context);
            }

            var result = await InOneCommitAsync(http, gate, subjectId, requirement, async asked =>
            {
                var decision = await gate.AuthorizeAsync(http.User, subjectId, requirement, http.RequestAborted);
                if (decision is null)
                {
                    return Refused;
                }

                asked.Add(null);
                http.Items[DecisionKey] = decision;
                return await next(context);
            });
            return result == Refused ? throw new NotFoundException("subject") : result;
        });
        return builder;
    }

    private static async Task<object?> InOneCommitAsync(HttpContext http, ISubjectAccessGate gate, Guid subjectId, SubjectAccessRequirement requirement, Func<List<object?>, Task<object?>> work)
    {
        // What was decided in this unit (null: the subject as a whole, else an item), to be logged again if it rolls back.
        var asked = new List<object?>();
        http.Items[AskedKey] = asked;
        var unit = http.RequestServices.GetRequiredService<UnitOfWork>();
        var committed = false;
        try
        {
            // Once the work is done it commits even if the client has gone away (no token): cancelled there, the write
            // would be lost while the endpoint's work had all run.
            return await unit.ExecuteAsync(
                async () =>
                {
                    // Registered first, so it runs first after the commit: a later after-commit step that throws must not
                    // make the access rows, already committed, be logged a second time.
                    unit.AfterCommit(() => committed = true);
                    return await work(asked);
                },
                CancellationToken.None);
        }
        catch (Exception) when (!committed)
        {
            await LogAgainAsync(http, gate, subjectId, requirement, asked);
            throw;
        }
        finally
        {
            http.Items.Remove(AskedKey);
        }
    }

    // Each access on its own: one that cannot be logged must neither hide the write's own failure from the caller nor
    // keep the others from the log.
    private static async Task LogAgainAsync(HttpContext http, ISubjectAccessGate gate, Guid subjectId, SubjectAccessRequirement requirement, List<object?> asked)
    {
        foreach (var item in asked)
        {
            try
            {
                await gate.AuthorizeAsync(http.User, subjectId, requirement, CancellationToken.None, item);
            }
            catch (Exception again)
            {
                // The type only: a message may carry values of the row (ids, a person's number).
                http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(AccessFilters).FullName!).LogWarning(
                    "An access ({Action}) asked in a write that failed could not be logged again on its own: {Error}",
                    requirement.Action,
                    again.GetType().Name);
            }
        }
    }

    /// <summary>The decision <see cref="RequireSubjectAccess"/> made for this request.</summary>
    public static T SubjectAccess<T>(this HttpContext http)
        where T : class =>
        http?.Items[DecisionKey] as T ?? throw new InvalidOperationException("This route has no RequireSubjectAccess filter.");

    /// <summary>The caller may act for the subject but not see this one item (exempt from parental access, a youth's own
    /// contact): asks the gate again with the item, so the refusal is decided and logged in one place, and answers 404.</summary>
    public static async Task<NotFoundException> RefuseItemAsync(this HttpContext http, object itemProtection, string what)
    {
        ArgumentNullException.ThrowIfNull(http);
        var requirement = http.GetEndpoint()?.Metadata.GetMetadata<SubjectAccessRequirement>()
            ?? throw new InvalidOperationException("This route has no RequireSubjectAccess filter.");
        if (Guid.TryParse(http.GetRouteValue("subjectId")?.ToString(), out var subjectId))
        {
            await http.RequestServices.GetRequiredService<ISubjectAccessGate>().AuthorizeAsync(http.User, subjectId, requirement, http.RequestAborted, itemProtection);
            (http.Items[AskedKey] as List<object?>)?.Add(itemProtection);
        }

        return new NotFoundException(what);
    }

    /// <summary>Before the endpoint runs: does the caller administer <c>{kommunenummer}</c>? Any other municipality is 404.</summary>
    public static TBuilder RequireMunicipalityAdmin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new MunicipalityScopeRequirement());
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var kommunenummer = http.GetRouteValue("kommunenummer")?.ToString() ?? "";
            var scope = http.RequestServices.GetRequiredService<IMunicipalityScope>();
            return await scope.AdministersAsync(http.User, kommunenummer, http.RequestAborted)
                ? await next(context)
                : throw new NotFoundException("municipality");
        });
        return builder;
    }

    /// <summary>Routes that need a check and lack it: the architecture rule, over any set of endpoints.</summary>
    public static IEnumerable<string> RoutesWithoutAccessChecks(IEnumerable<EndpointDataSource> sources)
    {
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var route = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (route.StartsWith(SubjectRoute, StringComparison.OrdinalIgnoreCase) && endpoint.Metadata.GetMetadata<SubjectAccessRequirement>() is null)
            {
                yield return $"{route} ({endpoint.DisplayName}) has no RequireSubjectAccess";
            }

            if (route.StartsWith(MunicipalityAdminRoute, StringComparison.OrdinalIgnoreCase) && endpoint.Metadata.GetMetadata<MunicipalityScopeRequirement>() is null)
            {
                yield return $"{route} ({endpoint.DisplayName}) has no RequireMunicipalityAdmin";
            }
        }
    }
}
