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
        healthData.MapGet("/subjects/{subjectId:guid}", GetSubjectAsync);
        healthData.MapGet("/subjects/{subjectId:guid}/access-log", GetAccessLogAsync);
        healthData.MapGet("/me/powers-of-attorney", ListPowersAsync);
        healthData.MapPost("/me/powers-of-attorney", GrantPowerAsync);
        healthData.MapDelete("/me/powers-of-attorney/{id:guid}", EndPowerAsync);
    }

    private static Task<MeResponse> GetMeAsync(ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        mediator.Send(new GetMe(user.Pid()!, user.Acr()), ct);

    private static async Task<Results<Ok<SubjectResponse>, ProblemHttpResult>> GetSubjectAsync(Guid subjectId, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        var decision = await mediator.Send(new AuthorizeSubjectAccess(user.Pid()!, subjectId, Permissions.ProfileRead, "profile.read", "Vise personopplysninger"), ct);
        return decision.Allowed
            ? TypedResults.Ok(await mediator.Send(new GetSubject(subjectId, decision.Relation!), ct))
            : NotFound();
    }

    private static async Task<Results<Ok<IReadOnlyList<AccessLogResponse>>, ProblemHttpResult>> GetAccessLogAsync(Guid subjectId, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        var decision = await mediator.Send(new AuthorizeSubjectAccess(user.Pid()!, subjectId, Permissions.AccessLogRead, "accesslog.read", "Vise innsynslogg"), ct);
        return decision.Allowed ? TypedResults.Ok(await mediator.Send(new GetAccessLog(subjectId), ct)) : NotFound();
    }

    private static Task<IReadOnlyList<PowerOfAttorneyResponse>> ListPowersAsync(ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        mediator.Send(new ListPowersOfAttorney(user.Pid()!), ct);

    private static async Task<Created<PowerOfAttorneyResponse>> GrantPowerAsync(GrantPowerOfAttorneyBody body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        var created = await mediator.Send(new GrantPowerOfAttorney(user.Pid()!, body.ReceiverPid, body.Scopes, body.ValidTo), ct);
        return TypedResults.Created($"/api/v1/me/powers-of-attorney/{created.Id}", created);
    }

    private static async Task<Ok<PowerOfAttorneyResponse>> EndPowerAsync(Guid id, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new EndPowerOfAttorney(user.Pid()!, id), ct));

    /// <summary>404, never 403: the caller learns nothing about whether the subject exists.</summary>
    internal static ProblemHttpResult NotFound() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Not found",
        detail: "No such subject for you.",
        type: "https://digihelsestasjon.no/problems/not-found",
        extensions: new Dictionary<string, object?> { ["code"] = "not-found" });
}
