namespace DigiHelsestasjon.BuildingBlocks.Outbox;

/// <summary>Wakes the outbox worker as soon as a commit wrote outbox rows, instead of waiting for the poll.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Notify()
    {
        if (signal.CurrentCount == 0)
        {
            try
            {
                signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit signalled first; one wake-up is enough.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);
}

/// <summary>Opened once the database is migrated; background work waits for it.</summary>
public sealed class PlatformStartup
{
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => ready.Task.IsCompleted;

    public Task WhenReady => ready.Task;

    public void MarkReady() => ready.TrySetResult();

    /// <summary>This process migrated every schema at start-up: no migration of this build can be pending any more.</summary>
    public bool MigratedAtStartup { get; private set; }

    public void MarkMigrated() => MigratedAtStartup = true;

    private readonly Lock gate = new();
    private Task continuing = Task.CompletedTask;

    /// <summary>Work start-up began that readiness need not wait for (the demo journals publishing their appointments).</summary>
    public void ContinueAfterReady(Task work)
    {
        lock (gate)
        {
            continuing = Task.WhenAll(continuing, work);
        }
    }

    /// <summary>Ready, and the work start-up left running has finished: what a test harness waits for, so that every test
    /// starts from the same data.</summary>
    public async Task WhenSettledAsync()
    {
        await WhenReady;
        Task work;
        lock (gate)
        {
            work = continuing;
        }

        await work;
    }
}
