using System.Security.Claims;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.BuildingBlocks.Security;

/// <summary>What a route under <c>/api/v1/subjects/{subjectId}</c> needs: a permission, and what the access log records.</summary>
public sealed record SubjectAccessRequirement(string Permission, string Action, string Purpose);

/// <summary>Decides (and logs) access on someone's behalf. Identity implements it; the decision it returns is
/// handed to the endpoint, null means refused (answered 404, never 403).</summary>
public interface ISubjectAccessGate
{
    /// <param name="item">The protection of the one item accessed (Identity's <c>ItemProtection</c>), or null for the subject as a whole.</param>
    Task<object?> AuthorizeAsync(ClaimsPrincipal user, Guid subjectId, SubjectAccessRequirement requirement, CancellationToken cancellationToken, object? item = null);
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

    /// <summary>Before the endpoint runs: may the caller act for <c>{subjectId}</c> with this permission? Refusal is 404.</summary>
    public static TBuilder RequireSubjectAccess<TBuilder>(this TBuilder builder, string permission, string action, string purpose)
        where TBuilder : IEndpointConventionBuilder
    {
        var requirement = new SubjectAccessRequirement(permission, action, purpose);
        builder.WithMetadata(requirement);
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!Guid.TryParse(http.GetRouteValue("subjectId")?.ToString(), out var subjectId))
            {
                throw new NotFoundException("subject");
            }

            var gate = http.RequestServices.GetRequiredService<ISubjectAccessGate>();
            http.Items[DecisionKey] = await gate.AuthorizeAsync(http.User, subjectId, requirement, http.RequestAborted)
                ?? throw new NotFoundException("subject");
            return await next(context);
        });
        return builder;
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
