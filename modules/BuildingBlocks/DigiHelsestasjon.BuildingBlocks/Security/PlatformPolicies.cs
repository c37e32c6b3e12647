using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DigiHelsestasjon.BuildingBlocks.Security;

/// <summary>Authorization policies the host defines and every module's endpoints use.</summary>
public static class PlatformPolicies
{
    /// <summary>A citizen from ID-porten or a pupil from Feide (has a <c>pid</c>).</summary>
    public const string Citizen = "citizen";

    /// <summary>Health personnel from HelseID.</summary>
    public const string Staff = "staff";

    /// <summary>HelseID with role <c>admin</c>: administers the municipality of their units.</summary>
    public const string Admin = "admin";

    /// <summary>HelseID with role <c>national-admin</c>: onboards municipalities, units and their journal connections (and
    /// administers every municipality).</summary>
    public const string NationalAdmin = "national-admin";

    /// <summary>HelseID with role <c>operator</c>: runs the platform itself (every municipality's work queues).</summary>
    public const string Operator = "operator";
}

/// <summary>Levels of assurance (acr) the platform knows.</summary>
public static class AssuranceLevels
{
    public const string High = "idporten-loa-high";
    public const string Substantial = "idporten-loa-substantial";
    public const string Feide = "feide";
}

public static class PlatformClaims
{
    /// <summary>The caller's fødselsnummer: in memory only, never in a URL or a log.</summary>
    public static string? Pid(this ClaimsPrincipal user) => user?.FindFirst("pid")?.Value;

    public static string? Acr(this ClaimsPrincipal user) => user?.FindFirst("acr")?.Value;

    /// <summary>The units a HelseID staff token names (<c>unit_id</c>, repeatable).</summary>
    public static IReadOnlyList<Guid> UnitIds(this ClaimsPrincipal user) =>
        user?.FindAll("unit_id").Select(c => Guid.TryParse(c.Value, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToList() ?? [];
}

/// <summary>The logins a route accepts, as <see cref="AssuranceEndpointExtensions.RequireAssurance"/> declared them: read by
/// whoever must tell a login beforehand what it may use (Identity's capabilities), so the answer is the routes' own rule.</summary>
public sealed record AssuranceRequirement(IReadOnlyList<string> Accepted);

public static class AssuranceEndpointExtensions
{
    /// <summary>Health data needs <see cref="AssuranceLevels.High"/>. A token below it answers 401
    /// problem details naming the level needed, with RFC 9470's step-up challenge.</summary>
    public static TBuilder RequireAssurance<TBuilder>(this TBuilder builder, params string[] accepted)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new AssuranceRequirement(accepted));
        builder.AddEndpointFilter(async (context, next) =>
        {
            var acr = context.HttpContext.User.Acr();
            if (acr is not null && accepted.Contains(acr))
            {
                return await next(context);
            }

            context.HttpContext.Response.Headers.WWWAuthenticate =
                $"Bearer error=\"insufficient_user_authentication\", error_description=\"A higher level of assurance is required\", acr_values=\"{string.Join(' ', accepted)}\"";
            return Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "A higher level of assurance is required.",
                detail: $"This endpoint needs a login at {string.Join(" or ", accepted)}; the token has {acr ?? "none"}.",
                type: Mediation.ProblemTypes.For("insufficient-assurance"),
                extensions: new Dictionary<string, object?> { ["code"] = "insufficient-assurance", ["requiredAcr"] = accepted });
        });
        return builder;
    }
}
