using System.Collections.Concurrent;

namespace DigiHelsestasjon.Epj.Sdk.National;

/// <summary>A copy of a message is ours to handle, one already handled to the end, or one whose first copy is still in flight.</summary>
internal enum ClaimResult
{
    Ours,
    Done,
    InFlight,
}

/// <summary>AMQP ids of messages already handled to the end, and MsgIds already answered with an AppRec (by sender): a second
/// copy is logged and dropped, with no second AppRec and no error report (HITS 1216 2.2.3 and 2.2.4). The last 100,000,
/// in this process.</summary>
internal sealed class HandledMessages(TimeProvider time)
{
    private const int HandledKept = 100_000;

    private readonly ConcurrentDictionary<string, Handling> handled = new(StringComparer.Ordinal);

    public ClaimResult Claim(string key)
    {
        var now = time.GetUtcNow();
        if (!handled.TryAdd(key, new Handling(now, Done: false)))
        {
            return handled.TryGetValue(key, out var existing) && !existing.Done ? ClaimResult.InFlight : ClaimResult.Done;
        }

        if (handled.Count > HandledKept)
        {
            foreach (var oldest in handled.Where(h => h.Value.Done).OrderBy(h => h.Value.At).Take(HandledKept / 2).Select(h => h.Key).ToList())
            {
                handled.TryRemove(oldest, out _);
            }
        }

        return ClaimResult.Ours;
    }

    /// <summary>Done: later copies are dropped. Not done: forgotten, so the broker's redelivery is handled.</summary>
    public void Finished(string key, bool done)
    {
        if (done)
        {
            handled[key] = new Handling(time.GetUtcNow(), Done: true);
        }
        else
        {
            handled.TryRemove(key, out _);
        }
    }

    /// <summary>When a message was taken up, and whether its handling finished (a copy of one still in flight goes back to
    /// the queue: if the first handling fails, the broker's redelivery of that copy is what remains).</summary>
    private sealed record Handling(DateTimeOffset At, bool Done);
}
