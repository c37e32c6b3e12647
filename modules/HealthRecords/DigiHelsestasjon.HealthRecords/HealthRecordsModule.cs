using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.HealthRecords.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.HealthRecords;

/// <summary>HealthRecords: say in one sentence what it does for whom.</summary>
public sealed class HealthRecordsModule : IModule
{
    public string Name => "HealthRecords";

    public void AddServices(IServiceCollection services, ModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        services.AddModuleDbContext<HealthRecordsDbContext>(context.Database, HealthRecordsDbContext.SchemaName);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => HealthRecordsEndpoints.Map(endpoints);
}
