using DigiHelsestasjon.BuildingBlocks.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DigiHelsestasjon.BuildingBlocks.WorkQueues;

public static class WorkQueueServiceCollectionExtensions
{
    /// <summary>Registers a queue: its options from <paramref name="section"/> (named after the queue, validated at
    /// start-up), the queue itself, and its background worker.</summary>
    public static IServiceCollection AddWorkQueue<TQueue>(this IServiceCollection services, string name, IConfigurationSection section, bool wakeOnCommit = false)
        where TQueue : class, IWorkQueue
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkQueueOptions>, WorkQueueOptionsValidator>());
        services.AddOptions<WorkQueueOptions>(name).Bind(section).ValidateOnStart();
        services.TryAddSingleton<WorkQueues>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, WorkQueueGauges>());
        services.AddSingleton<TQueue>();
        services.AddSingleton<IWorkQueue>(sp => sp.GetRequiredService<TQueue>());
        services.AddSingleton<IHostedService>(sp => new WorkQueueWorker(
            sp.GetRequiredService<TQueue>(),
            sp.GetRequiredService<IOptionsMonitor<WorkQueueOptions>>().Get(name),
            sp.GetRequiredService<PlatformStartup>(),
            wakeOnCommit ? sp.GetRequiredService<OutboxSignal>() : null,
            sp.GetRequiredService<ILogger<WorkQueueWorker>>()));
        return services;
    }
}
