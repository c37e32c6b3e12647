using System.Security.Claims;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.BuildingBlocks.Security;
using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Directory.Features;
using DigiHelsestasjon.Directory.Features.ChangePolicies;
using DigiHelsestasjon.Directory.Features.ListMunicipalities;
using DigiHelsestasjon.Directory.Features.ListPublicUnits;
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
        var publicDirectory = endpoints.MapGroup("/api/v1").WithTags("Directory").AllowAnonymous();
        publicDirectory.MapGet("/units", (string? municipality, IMediator mediator, CancellationToken ct) => mediator.Send(new ListPublicUnits(municipality ?? ""), ct));
        publicDirectory.MapGet("/municipalities", (IMediator mediator, CancellationToken ct) => mediator.Send(new ListMunicipalities(), ct));

        var admin = endpoints.MapGroup("/api/v1/admin/municipalities/{kommunenummer}").WithTags("Directory")
            .RequireAuthorization(PlatformPolicies.Admin).RequireMunicipalityAdmin();
        admin.MapGet("/policies", GetPoliciesAsync);
        admin.MapPut("/policies", PutPoliciesAsync);
        admin.MapGet("/units", async Task<Ok<IReadOnlyList<AdminUnitView>>> (string kommunenummer, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok<IReadOnlyList<AdminUnitView>>((await mediator.Send(new GetMunicipalityUnits(kommunenummer), ct)).Select(AdminUnitView.Of).ToList()));

        // The municipalities this admin administers (those of their units; a national administrator's: all), so a console
        // can name them instead of trying each.
        endpoints.MapGet("/api/v1/admin/municipalities", async Task<Ok<IReadOnlyList<PublicMunicipality>>> (ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
            {
                var all = await mediator.Send(new ListMunicipalities(), ct);
                if (user.HasClaim("role", PlatformPolicies.NationalAdmin))
                {
                    return TypedResults.Ok(all);
                }

                var mine = await mediator.Send(new GetMunicipalitiesOfUnits(user.UnitIds()), ct);
                return TypedResults.Ok<IReadOnlyList<PublicMunicipality>>(all.Where(m => mine.Contains(m.Kommunenummer)).ToList());
            })
            .WithTags("Directory").RequireAuthorization(PlatformPolicies.Admin);

        // Onboarding is the national administrator's: a municipality's admin reads what it has.
        var national = endpoints.MapGroup("/api/v1/admin").WithTags("Onboarding").RequireAuthorization(PlatformPolicies.NationalAdmin);
        national.MapPost("/municipalities", async Task<Created<MunicipalityCreated>> (CreateMunicipalityBody? body, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new CreateMunicipality(body?.Kommunenummer ?? "", body?.Name ?? ""), ct)
                    ? TypedResults.Created($"/api/v1/admin/municipalities/{body!.Kommunenummer}/policies", new MunicipalityCreated(body.Kommunenummer!))
                    : throw new PlatformProblemException(StatusCodes.Status409Conflict, "municipality-exists", "The municipality exists already."))
            .ProducesProblem(StatusCodes.Status409Conflict);
        national.MapGroup("/municipalities/{kommunenummer}").RequireMunicipalityAdmin()
            .MapPost("/units", async Task<Created<UnitCreated>> (string kommunenummer, UnitDetails? body, IMediator mediator, CancellationToken ct) =>
            {
                var unitId = await mediator.Send(new AddUnit(kommunenummer, body ?? new(null, null, null, null, null)), ct);
                return TypedResults.Created($"/api/v1/admin/municipalities/{kommunenummer}/units", new UnitCreated(unitId));
            })
            .ProducesProblem(StatusCodes.Status409Conflict);
        national.MapPut("/units/{unitId:guid}", async Task<NoContent> (Guid unitId, UnitDetails? body, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new ChangeUnit(unitId, body ?? new(null, null, null, null, null)), ct) ? TypedResults.NoContent() : throw new NotFoundException("unit"))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<MunicipalityPolicies>> GetPoliciesAsync(string kommunenummer, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetMunicipalityPolicies(kommunenummer), ct) ?? throw new NotFoundException("municipality"));

    private static async Task<Ok<MunicipalityPolicies>> PutPoliciesAsync(string kommunenummer, MunicipalityPolicies body, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ChangePolicies(kommunenummer, body), ct));
}

public sealed record CreateMunicipalityBody(string? Kommunenummer, string? Name);

public sealed record MunicipalityCreated(string Kommunenummer);

public sealed record UnitCreated(Guid UnitId);

/// <summary>A unit as its municipality's admin sees it: the journal connection without any secret.</summary>
public sealed record AdminUnitView(Guid UnitId, string Name, string Type, string HerId, string Address, string OpeningHours, AdminConnectionView? Epj)
{
    public static AdminUnitView Of(UnitInfo unit) => new(unit.UnitId, unit.Name, unit.Type, unit.HerId, unit.Address, unit.OpeningHours,
        unit.Epj is { } epj ? new AdminConnectionView(epj.Vendor, epj.Transport, epj.Endpoint, epj.InstallationId, epj.Environment) : null);
}

public sealed record AdminConnectionView(string Vendor, string Transport, string? BaseAddress, string InstallationId, string Environment);

/// <summary>An admin administers the municipalities of the units in the HelseID token; a national administrator every one.</summary>
internal sealed class MunicipalityScope(IMediator mediator) : IMunicipalityScope
{
    public async Task<bool> AdministersAsync(ClaimsPrincipal user, string kommunenummer, CancellationToken cancellationToken) =>
        user.HasClaim("role", PlatformPolicies.NationalAdmin)
        || (await mediator.Send(new GetMunicipalitiesOfUnits(user.UnitIds()), cancellationToken)).Contains(kommunenummer);
}
