using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.ModuleName.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.ModuleName;

/// <summary>ModuleName: say in one sentence what it does for whom.</summary>
public sealed class ModuleNameModule : IModule
{
    public string Name => "ModuleName";

    public void AddServices(IServiceCollection services, ModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        services.AddModuleDbContext<ModuleNameDbContext>(context.Database, ModuleNameDbContext.SchemaName);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => ModuleNameEndpoints.Map(endpoints);
}
