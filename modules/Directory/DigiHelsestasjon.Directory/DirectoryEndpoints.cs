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

        var admin = endpoints.MapGroup("/api/v1/admin/municipalities/{kommunenummer}").WithTags("Directory")
            .RequireAuthorization(PlatformPolicies.Admin).RequireMunicipalityAdmin();
        admin.MapGet("/policies", GetPoliciesAsync);
        admin.MapPut("/policies", PutPoliciesAsync);
    }

    private static async Task<Ok<MunicipalityPolicies>> GetPoliciesAsync(string kommunenummer, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetMunicipalityPolicies(kommunenummer), ct) ?? throw new NotFoundException("municipality"));

    private static async Task<Ok<MunicipalityPolicies>> PutPoliciesAsync(string kommunenummer, MunicipalityPolicies body, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ChangePolicies(kommunenummer, body), ct));
}

/// <summary>An admin administers the municipalities of the units in the HelseID token.</summary>
internal sealed class MunicipalityScope(IMediator mediator) : IMunicipalityScope
{
    public async Task<bool> AdministersAsync(ClaimsPrincipal user, string kommunenummer, CancellationToken cancellationToken) =>
        (await mediator.Send(new GetMunicipalitiesOfUnits(user.UnitIds()), cancellationToken)).Contains(kommunenummer);
}
