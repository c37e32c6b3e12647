using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.BuildingBlocks.Outbox;

public static class OutboxServiceCollectionExtensions
{
    public static IServiceCollection AddOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<OutboxOptions>(configuration.GetSection("Outbox"));
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<PlatformStartup>();
        services.AddSingleton<OutboxProcessor>();
        services.AddSingleton<OutboxAdministration>();
        services.AddSingleton<Persistence.DatabaseMigrator>();
        services.AddHostedService<OutboxDispatcher>();
        return services;
    }
}
