namespace DigiHelsestasjon.BuildingBlocks.Outbox;

/// <summary><c>Outbox:*</c> settings.</summary>
public sealed class OutboxOptions
{
    /// <summary>Switch the background dispatcher off (for example in a migrate-only run).</summary>
    public bool DispatcherEnabled { get; set; } = true;

    public int BatchSize { get; set; } = 100;

    /// <summary>How long a claim is held; after it expires another instance may take the row.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Idle wait between polls when no commit signalled new rows.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>After this many failed attempts an event is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 10;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan BackoffAfter(int attempts) =>
        TimeSpan.FromTicks(Math.Min(RetryMaxDelay.Ticks, RetryBaseDelay.Ticks * (1L << Math.Min(attempts - 1, 20))));
}

/// <summary>Wakes the dispatcher as soon as a commit wrote outbox rows, instead of waiting for the poll.</summary>
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
}
