using System.Collections.Concurrent;

namespace DigiHelsestasjon.YouthChat.RealTime;

/// <summary>Wakes the event streams of this process when a conversation (or a unit's queue) changed. A stream takes its
/// wake-up task before it reads, so a change committed while it reads is never missed: at worst it reads once more for nothing.</summary>
internal sealed class ChatSignals
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> waiting = new();

    /// <summary>Completes at the next <see cref="Wake"/> of <paramref name="key"/> (a conversation id or a unit id).</summary>
    public Task NextAsync(Guid key) =>
        waiting.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Wake(Guid key)
    {
        if (waiting.TryRemove(key, out var changed))
        {
            changed.TrySetResult();
        }
    }

    /// <summary>After a lost connection to the other instances: every stream reads again.</summary>
    public void WakeAll()
    {
        foreach (var key in waiting.Keys)
        {
            Wake(key);
        }
    }
}
