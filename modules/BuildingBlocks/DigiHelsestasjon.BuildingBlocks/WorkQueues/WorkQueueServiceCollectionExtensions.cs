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
    /// <summary>The one switch of every queue's background worker (operator commands and the test host turn it off).</summary>
    public const string EnabledKey = "WorkQueues:Enabled";

    /// <summary>Registers a queue: its options from <c>WorkQueues:{name}:*</c> (validated at start-up), the queue itself, and
    /// its background worker. A queue works when both <see cref="EnabledKey"/> and its own <c>Enabled</c> are on (both default on). <paramref name="formerSection"/>
    /// is where the queue's settings lived before (for example <c>Outbox</c>): no longer read, and a host that still has them
    /// says so at start-up rather than run silently on defaults.</summary>
    public static IServiceCollection AddWorkQueue<TQueue>(this IServiceCollection services, IConfiguration configuration, string name, string? formerSection = null, bool wakeOnCommit = false)
        where TQueue : class, IWorkQueue
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkQueueOptions>, WorkQueueOptionsValidator>());
        // The one switch wins: off, no queue of the process works, whatever a queue's own setting says (operator commands
        // must never process in the background).
        services.AddOptions<WorkQueueOptions>(name)
            .Bind(configuration.GetSection($"WorkQueues:{name}"))
            .PostConfigure(o => o.Enabled &= configuration.GetValue(EnabledKey, true))
            .ValidateOnStart();
        services.TryAddSingleton<WorkQueues>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, WorkQueueGauges>());
        services.AddSingleton<TQueue>();
        services.AddSingleton<IWorkQueue>(sp => sp.GetRequiredService<TQueue>());
        services.AddSingleton<IHostedService>(sp =>
        {
            var logger = sp.GetRequiredService<ILogger<WorkQueueWorker>>();
            if (formerSection is not null && configuration.GetSection(formerSection).GetChildren().Any(IsQueueSetting))
            {
                logger.LogWarning("Settings of work queue {Queue} under {FormerSection}:* are no longer read; move them to WorkQueues:{Queue}:*.", name, formerSection, name);
            }

            return new WorkQueueWorker(
                sp.GetRequiredService<TQueue>(),
                sp.GetRequiredService<IOptionsMonitor<WorkQueueOptions>>().Get(name),
                sp.GetRequiredService<PlatformStartup>(),
                wakeOnCommit ? sp.GetRequiredService<OutboxSignal>() : null,
                logger);
        });
        return services;
    }

    // A former section may hold other settings too (Epj:Delivery:CallTimeout): only a queue's own ones are worth a warning.
    private static bool IsQueueSetting(IConfigurationSection setting) =>
        typeof(WorkQueueOptions).GetProperty(setting.Key, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase) is not null;
}
