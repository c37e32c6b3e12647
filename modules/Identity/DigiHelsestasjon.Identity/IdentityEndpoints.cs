using System.Security.Claims;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.BuildingBlocks.Security;
using DigiHelsestasjon.Identity.Contracts;
using DigiHelsestasjon.Identity.Features;
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

        var healthData = citizen.MapGroup("").RequireAssurance(AssuranceLevels.High);
        healthData.MapGet("/subjects/{subjectId:guid}", GetSubjectAsync)
            .RequireSubjectAccess(Permissions.ProfileRead, Permissions.ProfileRead, "Vise personopplysninger");
        healthData.MapGet("/subjects/{subjectId:guid}/access-log", GetAccessLogAsync)
            .RequireSubjectAccess(Permissions.AccessLogRead, Permissions.AccessLogRead, "Vise innsynslogg");
        healthData.MapGet("/me/powers-of-attorney", ListPowersAsync);
        healthData.MapPost("/me/powers-of-attorney", GrantPowerAsync);
        healthData.MapDelete("/me/powers-of-attorney/{id:guid}", EndPowerAsync);
    }

    private static Task<MeResponse> GetMeAsync(ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        mediator.Send(new GetMe(user.Pid()!, user.Acr()), ct);

    private static async Task<Ok<SubjectResponse>> GetSubjectAsync(Guid subjectId, HttpContext http, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetSubject(subjectId, http.SubjectAccess<SubjectAccessDecision>().Relation!), ct));

    private static async Task<Ok<IReadOnlyList<AccessLogResponse>>> GetAccessLogAsync(Guid subjectId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetAccessLog(subjectId), ct));

    private static Task<IReadOnlyList<PowerOfAttorneyResponse>> ListPowersAsync(ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        mediator.Send(new ListPowersOfAttorney(user.Pid()!), ct);

    private static async Task<Created<PowerOfAttorneyResponse>> GrantPowerAsync(GrantPowerOfAttorneyBody body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        var created = await mediator.Send(new GrantPowerOfAttorney(user.Pid()!, body.ReceiverPid, body.Scopes, body.ValidTo), ct);
        return TypedResults.Created($"/api/v1/me/powers-of-attorney/{created.Id}", created);
    }

    private static async Task<Ok<PowerOfAttorneyResponse>> EndPowerAsync(Guid id, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new EndPowerOfAttorney(user.Pid()!, id), ct));
}
