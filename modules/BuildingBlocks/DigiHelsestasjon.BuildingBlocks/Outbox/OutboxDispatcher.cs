using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DigiHelsestasjon.BuildingBlocks.Outbox;

/// <summary>The background loop: drains every module's outbox, then sleeps until a commit
/// signals or the poll interval passes.</summary>
internal sealed class OutboxDispatcher(
    OutboxProcessor processor,
    IEnumerable<ModuleDbContextRegistration> modules,
    OutboxSignal signal,
    PlatformStartup startup,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DispatcherEnabled)
        {
            return;
        }

        await startup.WhenReady.WaitAsync(stoppingToken);
        var registrations = modules.ToList();
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            foreach (var module in registrations)
            {
                try
                {
                    claimed += await processor.ProcessBatchAsync(module, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // The database may be briefly unavailable; the rows are safe, try again later.
                    logger.LogError(ex, "Outbox dispatch for {Schema} failed", module.Schema);
                    await Task.Delay(options.Value.PollInterval, stoppingToken);
                }
            }

            if (claimed == 0)
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
        }
    }
}
