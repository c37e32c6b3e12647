using DigiHelsestasjon.BuildingBlocks.Outbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DigiHelsestasjon.BuildingBlocks.WorkQueues;

/// <summary>The background loop of one queue: drain what is due, then sleep until the poll interval passes
/// (or, for the outbox, a commit signals new rows). Waits for start-up to have migrated the database.</summary>
internal sealed class WorkQueueWorker(
    IWorkQueue queue, WorkQueueOptions options, PlatformStartup startup, OutboxSignal? signal, ILogger<WorkQueueWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        await startup.WhenReady.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            int claimed;
            try
            {
                claimed = await queue.ProcessDueAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may be briefly unavailable; the items are safe, try again after a pause.
                logger.LogError(ex, "Work queue {Queue} failed a round; it tries again.", queue.Name);
                claimed = 0;
            }
            catch (Exception ex) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping mid-round: the item's lease runs out and another round (or host) takes it; the host itself
                // goes on, which matters when only the workers are stopped. A failure other than the cancellation may be
                // real (the database gone), so it is told, by type and message only: the exception's data may be a person's.
                if (ex is not OperationCanceledException)
                {
                    logger.LogWarning("Work queue {Queue} failed while stopping: {Error}: {Message}", queue.Name, ex.GetType().Name, ex.Message);
                }

                return;
            }

            if (claimed > 0)
            {
                continue;
            }

            try
            {
                if (signal is null)
                {
                    await Task.Delay(options.PollInterval, stoppingToken);
                }
                else
                {
                    await signal.WaitAsync(options.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
