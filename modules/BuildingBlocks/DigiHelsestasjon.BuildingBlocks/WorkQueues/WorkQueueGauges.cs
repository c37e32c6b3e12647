using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DigiHelsestasjon.BuildingBlocks.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DigiHelsestasjon.BuildingBlocks.WorkQueues;

/// <summary>Gauges of every work queue (meter <c>DigiHelsestasjon.WorkQueues</c>): <c>workqueue.items</c> by queue and state
/// (due, in-flight, scheduled, dead-lettered) and <c>workqueue.oldest_due_age</c>, how long the oldest due item has
/// waited past its time (0 when nothing is due). The backlog is read from the database every
/// <c>Telemetry:QueueSampleInterval</c> (15 s; 0 turns it off) and the gauges report the last reading: a scrape never
/// waits for the database, and several scrapers cost no more queries.</summary>
internal sealed class WorkQueueGauges : BackgroundService
{
    private static readonly Meter Meter = new("DigiHelsestasjon.WorkQueues");

    // The instruments exist once per process, and report every running sampler (one per host; a test process runs several
    // hosts one after the other): an instrument per instance would outlive its host.
    private static readonly ConcurrentDictionary<WorkQueueGauges, byte> Running = new();

    static WorkQueueGauges()
    {
        Meter.CreateObservableGauge("workqueue.items", () => Running.Keys.SelectMany(g => g.Items()), description: "Items of each work queue by state, at the last reading.");
        Meter.CreateObservableGauge(
            "workqueue.oldest_due_age", () => Running.Keys.SelectMany(g => g.OldestDueAge()), unit: "s", description: "Seconds the oldest due item has waited past its time, at the last reading.");
    }

    private readonly WorkQueues queues;
    private readonly PlatformStartup startup;
    private readonly TimeProvider time;
    private readonly ILogger<WorkQueueGauges> logger;
    private readonly TimeSpan interval;
    private volatile IReadOnlyList<WorkQueueBacklog> last = [];

    public WorkQueueGauges(WorkQueues queues, PlatformStartup startup, TimeProvider time, IConfiguration configuration, ILogger<WorkQueueGauges> logger)
    {
        (this.queues, this.startup, this.time, this.logger) = (queues, startup, time, logger);
        interval = configuration.GetValue("Telemetry:QueueSampleInterval", TimeSpan.FromSeconds(15));
    }

    private IEnumerable<Measurement<int>> Items() => last.SelectMany(b => new[]
    {
        Measure(b.Due, b.Queue, "due"), Measure(b.InFlight, b.Queue, "in-flight"),
        Measure(b.Scheduled, b.Queue, "scheduled"), Measure(b.DeadLettered, b.Queue, "dead-lettered"),
    });

    private IEnumerable<Measurement<double>> OldestDueAge()
    {
        var now = time.GetUtcNow();
        return last.Select(b => new Measurement<double>(
            b.OldestDueAt is { } due ? Math.Max(0, (now - due).TotalSeconds) : 0, new KeyValuePair<string, object?>("queue", b.Queue)));
    }

    private static Measurement<int> Measure(int value, string queue, string state) =>
        new(value, new KeyValuePair<string, object?>("queue", queue), new KeyValuePair<string, object?>("state", state));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        Running[this] = 0;
        try
        {
            await startup.WhenReady.WaitAsync(stoppingToken);
            using var timer = new PeriodicTimer(interval, time);
            do
            {
                await SampleAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            Running.TryRemove(this, out _);
        }
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        var readings = new List<WorkQueueBacklog>();
        foreach (var queue in queues.All)
        {
            try
            {
                readings.Add(await queue.BacklogAsync(cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database may be away for a moment; that queue's gauges wait for the next reading.
                logger.LogWarning(ex, "Could not read the backlog of work queue {Queue}.", queue.Name);
            }
        }

        last = readings;
    }
}
