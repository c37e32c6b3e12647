using System.Collections.Concurrent;

namespace DigiHelsestasjon.Simulators.Channels;

/// <summary>One SMS the gateway took.</summary>
public sealed record SentSms(string GatewayId, string IdempotencyKey, string To, string Text, DateTimeOffset At, string Status);

/// <summary>The gateway's answer to a send: accepted with its id, or refused for good (a number that cannot get SMS).</summary>
public sealed record SmsAnswer(bool Accepted, string? GatewayId, string? Error);

/// <summary>A delivery report the gateway pushes later: <c>delivered</c> or <c>failed</c>.</summary>
public sealed record SmsDeliveryReport(string GatewayId, string Status);

/// <summary>Faults switched on per test (<c>PUT /simulators/sms/faults</c>). Every PUT replaces them all.</summary>
/// <param name="TransientRate">Share of sends that fail before the gateway takes them (retry later).</param>
/// <param name="Permanent">Every send is refused for good (the number cannot receive SMS).</param>
/// <param name="LoseNextAnswer">The next send is taken, but its answer is lost, as if the sender crashed before saving it.</param>
/// <param name="UndeliverableNext">The next SMS taken gets a "failed" delivery report instead of "delivered".</param>
public sealed record SmsFaults(double TransientRate = 0, bool Permanent = false, bool LoseNextAnswer = false, bool UndeliverableNext = false);

/// <summary>Thrown when the gateway could not be reached or did not answer: the SMS may or may not have been taken.</summary>
public sealed class SmsGatewayUnavailableException(string message) : Exception(message);

/// <summary>An SMS gateway (in the manner of the Norwegian bulk-SMS providers): idempotent on the sender's key, so a
/// retry after a lost answer returns the first answer and sends nothing; delivery reports pushed to the platform
/// afterwards on a background task.</summary>
public sealed class SmsGatewaySimulator(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SentSms> byKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> keyOf = new(StringComparer.Ordinal);
    private readonly object gate = new();
    private Task reporting = Task.CompletedTask;
    private long started;
    private long repeated;
    private SmsFaults faults = new();

    /// <summary>Sends that repeated a key the gateway had already taken (answered with the first SMS, nothing sent).</summary>
    public long RepeatedKeys => Interlocked.Read(ref repeated);

    public SmsFaults Faults
    {
        get => faults;
        set => faults = value ?? new SmsFaults();
    }

    /// <summary>Where delivery reports go (the platform's report endpoint or its handler in-process). False: the receiver
    /// does not know the id (yet: a report can overtake the sender's own bookkeeping), so the gateway tries again a few
    /// times, as real gateways retry a report that was not acknowledged.</summary>
    public Func<SmsDeliveryReport, Task<bool>>? ReportTo { get; set; }

    public IReadOnlyList<SentSms> Outbox => byKey.Values.OrderBy(s => s.At).ToList();

    public long ReportsStarted => Interlocked.Read(ref started);

    public bool IsIdle
    {
        get
        {
            lock (gate)
            {
                return reporting.IsCompleted;
            }
        }
    }

    public Task<SmsAnswer> SendAsync(string idempotencyKey, string to, string text, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        if (byKey.TryGetValue(idempotencyKey, out var first))
        {
            Interlocked.Increment(ref repeated);
            return Task.FromResult(new SmsAnswer(true, first.GatewayId, null));
        }

        var current = Faults;
        if (current.TransientRate > 0 && Random.Shared.NextDouble() < current.TransientRate)
        {
            throw new SmsGatewayUnavailableException("Simulated SMS gateway: temporarily unavailable.");
        }

        if (current.Permanent)
        {
            return Task.FromResult(new SmsAnswer(false, null, "The number cannot receive SMS."));
        }

        var sms = byKey.GetOrAdd(idempotencyKey, key => new SentSms($"sms-{Guid.NewGuid():N}"[..16], key, to, text, time.GetUtcNow(), "accepted"));
        keyOf.TryAdd(sms.GatewayId, idempotencyKey);
        var undeliverable = current.UndeliverableNext;
        if (current.LoseNextAnswer || undeliverable)
        {
            Faults = current with { LoseNextAnswer = false, UndeliverableNext = false };
        }

        Report(new SmsDeliveryReport(sms.GatewayId, undeliverable ? "failed" : "delivered"));
        return current.LoseNextAnswer
            ? throw new SmsGatewayUnavailableException("Simulated SMS gateway: the answer was lost after the SMS was taken.")
            : Task.FromResult(new SmsAnswer(true, sms.GatewayId, null));
    }

    /// <summary>Forgets everything sent (between benchmark runs).</summary>
    public void Clear()
    {
        byKey.Clear();
        keyOf.Clear();
    }

    /// <summary>How many SMS the gateway took (cheaper than <see cref="Outbox"/>).</summary>
    public int Count => byKey.Count;

    /// <summary>Pushes a report (also one for an id the gateway never gave, to test the receiving end).</summary>
    public void Report(SmsDeliveryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (keyOf.TryGetValue(report.GatewayId, out var key) && byKey.TryGetValue(key, out var sms))
        {
            byKey[key] = sms with { Status = report.Status };
        }

        var sink = ReportTo;
        if (sink is null)
        {
            return;
        }

        Interlocked.Increment(ref started);
        lock (gate)
        {
            reporting = reporting.ContinueWith(async _ =>
            {
                for (var attempt = 0; attempt < 6; attempt++)
                {
                    try
                    {
                        if (await sink(report))
                        {
                            return;
                        }
                    }
                    catch (Exception exception) when (exception is not OutOfMemoryException)
                    {
                        // Not taken this time; try again below.
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(50 * Math.Pow(2, attempt)));
                }
            }, TaskScheduler.Default).Unwrap();
        }
    }
}
