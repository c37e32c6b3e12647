using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Directory.Features;
using DigiHelsestasjon.Directory.Features.Units;
using DigiHelsestasjon.Directory.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.Directory;

/// <summary>Directory: municipalities, their units (type, HER-id, address, opening hours, EPJ connection)
/// and policies. The public unit directory and the admin policy API.</summary>
public sealed class DirectoryModule : IModule
{
    public string Name => "Directory";

    public void AddServices(IServiceCollection services, ModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        services.AddModuleDbContext<DirectoryDbContext>(context.Database, DirectoryDbContext.SchemaName);
        services.AddMemoryCache();
        services.AddSingleton<UnitCache>();
        services.AddScoped<BuildingBlocks.Security.IMunicipalityScope, MunicipalityScope>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => DirectoryEndpoints.Map(endpoints);
}
