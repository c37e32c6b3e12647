using Microsoft.AspNetCore.Builder;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DigiHelsestasjon.BuildingBlocks.Modules;

public static class PlatformServiceCollectionExtensions
{
    /// <summary>Registers the building blocks and every enabled module. Used by the host and
    /// by tests that compose a "process" without HTTP.</summary>
    public static EnabledModules AddPlatformModules(
        this IServiceCollection services, IConfiguration configuration, IEnumerable<IModule> registry)
    {
        var enabled = new EnabledModules(registry.Where(m => configuration.GetValue($"Modules:{m.Name}:Enabled", true)).ToList());
        var database = DatabaseSettings.From(configuration);
        var context = new ModuleContext(configuration, database);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(database);
        services.AddSingleton(enabled);
        services.AddMediation(enabled.All.Select(m => m.GetType().Assembly).Append(typeof(IModule).Assembly));
        services.AddOutbox(configuration);

        foreach (var module in enabled.All)
        {
            module.AddServices(services, context);
        }

        return enabled;
    }

    public static IEndpointRouteBuilder MapPlatformModules(this IEndpointRouteBuilder endpoints)
    {
        // Every module's routes in a group with the free-text rule: no text field a module takes can forget it.
        var modules = endpoints.MapGroup("").WithFreeTextRule();
        foreach (var module in endpoints.ServiceProvider.GetRequiredService<EnabledModules>().All)
        {
            module.MapEndpoints(modules);
        }

        return endpoints;
    }
}
