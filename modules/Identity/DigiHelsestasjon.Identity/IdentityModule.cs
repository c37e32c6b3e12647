using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Identity.Features;
using DigiHelsestasjon.Identity.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.Identity;

/// <summary>Identity &amp; Representation: persons, whom they may act for, powers of attorney, the access log.
/// Needs an <see cref="IPopulationRegister"/> from the host (the simulator by default).</summary>
public sealed class IdentityModule : IModule
{
    public string Name => "Identity";

    public void AddServices(IServiceCollection services, ModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        services.AddModuleDbContext<IdentityDbContext>(context.Database, IdentityDbContext.SchemaName);
        services.AddMemoryCache();
        services.AddScoped<Representations>();
        services.AddScoped<BuildingBlocks.Security.ISubjectAccessGate, Features.SubjectAccessGate>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => IdentityEndpoints.Map(endpoints);
}
