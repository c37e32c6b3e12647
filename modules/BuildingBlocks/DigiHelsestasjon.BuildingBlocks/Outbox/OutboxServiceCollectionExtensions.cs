using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.BuildingBlocks.Outbox;

using DigiHelsestasjon.BuildingBlocks.WorkQueues;

public static class OutboxServiceCollectionExtensions
{
    /// <summary>The outbox queue (settings under <c>WorkQueues:outbox:*</c>), woken by every commit that wrote events.</summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<PlatformStartup>();
        services.AddSingleton<Persistence.DatabaseMigrator>();
        services.AddWorkQueue<OutboxQueue>(configuration, OutboxQueue.QueueName, formerSection: "Outbox", wakeOnCommit: true);
        return services;
    }
}
