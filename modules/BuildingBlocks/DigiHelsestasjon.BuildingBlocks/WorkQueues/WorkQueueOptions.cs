using Microsoft.Extensions.Options;

namespace DigiHelsestasjon.BuildingBlocks.WorkQueues;

/// <summary>One queue's settings, under <c>WorkQueues:{name}:*</c> for every queue (<c>outbox</c>, <c>epj-delivery</c>,
/// <c>notifications</c>, ...). Validated at start-up: a host with a nonsensical queue does not start.</summary>
public sealed class WorkQueueOptions
{
    /// <summary>Run the background worker. Off, too, whenever <c>WorkQueues:Enabled</c> is off: the one switch operator
    /// commands and the test host turn off (they must not process in the background).</summary>
    public bool Enabled { get; set; } = true;

    public int BatchSize { get; set; } = 100;

    /// <summary>How long a claim is held; after it expires another instance may take the item.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Idle wait between polls when nothing signalled new work.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>After this many failed attempts an item is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 10;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Each retry delay is spread by up to this fraction either way, so items that failed together
    /// (a journal that was down) do not all come back in the same second.</summary>
    public double Jitter { get; set; } = 0.2;

    /// <summary>The delay before attempt <paramref name="attempts"/> + 1 without jitter: doubling up to the cap.</summary>
    public TimeSpan BackoffAfter(int attempts) =>
        TimeSpan.FromTicks(Math.Min(RetryMaxDelay.Ticks, RetryBaseDelay.Ticks * (1L << Math.Clamp(attempts - 1, 0, 20))));

    /// <summary>The delay with jitter: never below zero, never above the cap.</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        var backoff = BackoffAfter(attempts);
        var spread = 1 + (Jitter * ((Random.Shared.NextDouble() * 2) - 1));
        return TimeSpan.FromTicks(Math.Clamp((long)(backoff.Ticks * spread), 0, RetryMaxDelay.Ticks));
    }
}

internal sealed class WorkQueueOptionsValidator : IValidateOptions<WorkQueueOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkQueueOptions options)
    {
        var failures = new List<string>();
        if (options.BatchSize is < 1 or > 10_000)
        {
            failures.Add($"{name}: BatchSize must be between 1 and 10000 (is {options.BatchSize}).");
        }

        if (options.Lease <= TimeSpan.Zero)
        {
            failures.Add($"{name}: Lease must be positive (is {options.Lease}).");
        }

        if (options.PollInterval <= TimeSpan.Zero)
        {
            failures.Add($"{name}: PollInterval must be positive (is {options.PollInterval}).");
        }

        if (options.MaxAttempts < 1)
        {
            failures.Add($"{name}: MaxAttempts must be at least 1 (is {options.MaxAttempts}).");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay)
        {
            failures.Add($"{name}: RetryBaseDelay must be at least zero and at most RetryMaxDelay (are {options.RetryBaseDelay} and {options.RetryMaxDelay}).");
        }

        if (options.Jitter is < 0 or > 1)
        {
            failures.Add($"{name}: Jitter is a fraction between 0 and 1 (is {options.Jitter}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
