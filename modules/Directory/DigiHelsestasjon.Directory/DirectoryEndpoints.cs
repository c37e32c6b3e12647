using System.Security.Claims;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.BuildingBlocks.Security;
using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Directory.Features;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace DigiHelsestasjon.Directory;

internal static class DirectoryEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/v1").WithTags("Directory").AllowAnonymous()
            .MapGet("/units", (string? municipality, IMediator mediator, CancellationToken ct) => mediator.Send(new ListPublicUnits(municipality ?? ""), ct));

        var admin = endpoints.MapGroup("/api/v1/admin/municipalities/{kommunenummer}").WithTags("Directory").RequireAuthorization(PlatformPolicies.Admin);
        admin.MapGet("/policies", GetPoliciesAsync);
        admin.MapPut("/policies", PutPoliciesAsync);
    }

    private static async Task<Ok<MunicipalityPolicies>> GetPoliciesAsync(string kommunenummer, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        await RequireAdministersAsync(mediator, user, kommunenummer, ct);
        return TypedResults.Ok(await mediator.Send(new GetMunicipalityPolicies(kommunenummer), ct) ?? throw new NotFoundException("municipality"));
    }

    private static async Task<Ok<MunicipalityPolicies>> PutPoliciesAsync(string kommunenummer, MunicipalityPolicies body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        await RequireAdministersAsync(mediator, user, kommunenummer, ct);
        return TypedResults.Ok(await mediator.Send(new ChangePolicies(kommunenummer, body), ct));
    }

    /// <summary>An admin administers the municipalities of the units in the token; another municipality is 404.</summary>
    internal static async Task RequireAdministersAsync(IMediator mediator, ClaimsPrincipal user, string kommunenummer, CancellationToken ct)
    {
        var municipalities = await mediator.Send(new GetMunicipalitiesOfUnits(user.UnitIds()), ct);
        if (!municipalities.Contains(kommunenummer))
        {
            throw new NotFoundException("municipality");
        }
    }
}
