using System.Security.Claims;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.BuildingBlocks.Security;
using DigiHelsestasjon.Identity.Contracts;
using DigiHelsestasjon.Identity.Features;
using DigiHelsestasjon.Identity.Features.EndPowerOfAttorney;
using DigiHelsestasjon.Identity.Features.GetAccessLog;
using DigiHelsestasjon.Identity.Features.GetCapabilities;
using DigiHelsestasjon.Identity.Features.GetMe;
using DigiHelsestasjon.Identity.Features.GetSubject;
using DigiHelsestasjon.Identity.Features.GrantPowerOfAttorney;
using DigiHelsestasjon.Identity.Features.ListPowersOfAttorney;
using DigiHelsestasjon.Identity.Features.PowersOfAttorney;
using DigiHelsestasjon.Identity.Features.Representations;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace DigiHelsestasjon.Identity;

internal static class IdentityEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var citizen = endpoints.MapGroup("/api/v1").RequireAuthorization(PlatformPolicies.Citizen).WithTags("Identity");
        citizen.MapGet("/me", GetMeAsync);
        citizen.MapGet("/me/capabilities", GetCapabilitiesAsync).ProducesProblem(StatusCodes.Status401Unauthorized);

        var healthData = citizen.MapGroup("").RequireAssurance(AssuranceLevels.High);
        healthData.MapGet("/subjects/{subjectId:guid}", GetSubjectAsync)
            .RequireSubjectAccess(Permissions.ProfileRead, Permissions.ProfileRead, "Vise personopplysninger");
        healthData.MapGet("/subjects/{subjectId:guid}/access-log", GetAccessLogAsync)
            .RequireSubjectAccess(Permissions.AccessLogRead, Permissions.AccessLogRead, "Vise innsynslogg");
        healthData.MapGet("/me/powers-of-attorney", ListPowersAsync);
        healthData.MapPost("/me/powers-of-attorney", GrantPowerAsync).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        healthData.MapDelete("/me/powers-of-attorney/{id:guid}", EndPowerAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary><c>?refresh=true</c> asks the register again at once (a child just registered); otherwise its answer is
    /// at most <see cref="Representations.CacheFor"/> old.</summary>
    private static Task<MeResponse> GetMeAsync(ClaimsPrincipal user, IMediator mediator, bool? refresh, CancellationToken ct) =>
        mediator.Send(new GetMe(user.Pid()!, user.Acr(), refresh == true), ct);

    /// <summary>What this login may use, for whom, and why not (docs/security.md, "What a login may use").</summary>
    private static async Task<Ok<CapabilitiesResponse>> GetCapabilitiesAsync(ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetCapabilities(user.Pid()!, user.Acr()), ct));

    private static async Task<Ok<SubjectResponse>> GetSubjectAsync(Guid subjectId, HttpContext http, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetSubject(subjectId, http.SubjectAccess<SubjectAccessDecision>().Relation!), ct));

    private static async Task<Ok<IReadOnlyList<AccessLogResponse>>> GetAccessLogAsync(
        Guid subjectId, Guid? actor, string? kind, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, bool? excludeOwn, bool? collapse,
        HttpContext http, IMediator mediator, CancellationToken ct)
    {
        var viewer = http.SubjectAccess<SubjectAccessDecision>().ActorPersonId;
        var result = await mediator.Send(
            new GetAccessLog(subjectId, actor, kind, from, to, page ?? 1, pageSize ?? GetAccessLog.DefaultPageSize, viewer, excludeOwn == true, collapse == true), ct);
        if (result.More)
        {
            // RFC 8288: the next page is the same query with the next page number.
            var next = http.Request.Query.Where(q => q.Key != "page")
                .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
                .Append(new("page", ((page ?? 1) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            http.Response.Headers.Link = $"<{http.Request.PathBase}{http.Request.Path}{QueryString.Create(next)}>; rel=\"next\"";
        }

        return TypedResults.Ok(result.Entries);
    }

    private static Task<IReadOnlyList<PowerOfAttorneyResponse>> ListPowersAsync(ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        mediator.Send(new ListPowersOfAttorney(user.Pid()!), ct);

    private static async Task<Accepted<PowerOfAttorneyGrantReceipt>> GrantPowerAsync(GrantPowerOfAttorneyBody body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        TypedResults.Accepted("/api/v1/me/powers-of-attorney", await mediator.Send(new GrantPowerOfAttorney(user.Pid()!, body.ReceiverPid, body.Scopes, body.ValidTo), ct));

    private static async Task<Ok<PowerOfAttorneyResponse>> EndPowerAsync(Guid id, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new EndPowerOfAttorney(user.Pid()!, id), ct));
}
