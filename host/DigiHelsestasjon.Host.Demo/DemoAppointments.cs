using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using DigiHelsestasjon.Simulators.Epj;

namespace DigiHelsestasjon.Host.Demo;

/// <summary>The demo appointments, booked in each journal after start-up and published one journal after the other:
/// the personas are first seen by Identity here, and three journals at once would race to record the same person.
/// Busy (for <c>QuietAsync</c>) from start-up until the last journal has sent them.</summary>
internal sealed class DemoAppointments(
    EpjSimulatorJournals journals, PlatformStartup startup, IHostApplicationLifetime lifetime, ILogger<DemoAppointments> logger) : IBackgroundActivity
{
    private Task publishing = Task.CompletedTask;
    private long started;

    public string Name => "demo appointments";

    public long Started => Interlocked.Read(ref started);

    public bool IsIdle => publishing.IsCompleted;

    public void Publish(bool overHttp, Action<DemoMunicipality> book)
    {
        Interlocked.Increment(ref started);
        if (overHttp)
        {
            // Over HTTP the server is not listening yet; the journals' queues retry until it is.
            foreach (var municipality in EpjDemoData.Municipalities)
            {
                book(municipality);
            }

            return;
        }

        publishing = Task.Run(async () =>
        {
            try
            {
                // Not beside the server's own start: that is what readiness waits for, on the same cores.
                await ServerStarted();
                foreach (var municipality in EpjDemoData.Municipalities)
                {
                    book(municipality);
                    await journals[municipality.Vendor.Vendor].Flushed.WaitAsync(lifetime.ApplicationStopping);
                }

                logger.LogInformation("Start-up: the demo journals have published their appointments");
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The demo journals could not publish their appointments");
            }
        });
        startup.ContinueAfterReady(publishing);
    }

    private Task ServerStarted()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(lifetime.ApplicationStopping);
    }
}
