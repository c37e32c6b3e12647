using System.Diagnostics;

namespace DigiHelsestasjon.Testing.DayUnderFaults;

/// <summary>A live stream as the web client keeps it: when it drops (its host died), it opens again through the load
/// balancer with the last event id it saw, so nothing is missed and nothing comes twice.</summary>
public sealed class ResumingStream : IAsyncDisposable
{
    private readonly List<ReceivedEvent> received = [];
    private readonly CancellationTokenSource stop = new();
    private readonly HttpClient client;
    private Task pump = Task.CompletedTask;

    private ResumingStream(HttpClient client) => this.client = client;

    public int Resumes { get; private set; }

    public static ResumingStream Open(HttpClient client, string url, RouteStats stats)
    {
        var stream = new ResumingStream(client);
        stream.pump = Task.Run(() => stream.PumpAsync(url, stats));
        return stream;
    }

    /// <summary>Waits until an event matches; false after <paramref name="limit"/>.</summary>
    public async Task<bool> UntilAsync(Func<ReceivedEvent, bool> match, TimeSpan limit)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < limit)
        {
            lock (received)
            {
                if (received.Any(match))
                {
                    return true;
                }
            }

            await Task.Delay(100);
        }

        return false;
    }

    private async Task PumpAsync(string url, RouteStats stats)
    {
        string? last = null;
        var dropped = false;
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await using var events = await EventStream.OpenAsync(client, url, last);
                stats.Record("youth: live stream", System.Net.HttpStatusCode.OK, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (dropped)
                {
                    Resumes++;
                    dropped = false;
                }

                while (!stop.IsCancellationRequested)
                {
                    var next = await events.NextAsync();
                    lock (received)
                    {
                        received.Add(next);
                    }

                    last = next.Id ?? last;
                }
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException or TimeoutException or TaskCanceledException or IOException)
            {
                // Dropped or refused (the host died): open again from the last event seen. A quiet stream (no event within
                // the reader's patience) is reopened too, but that is not a drop.
                dropped |= exception is not TimeoutException;
                if (exception is HttpRequestException)
                {
                    stats.Record("youth: live stream", ((HttpRequestException)exception).StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }

                await Task.Delay(500);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Closing the client ends the read the pump waits in; the pump then sees the stop and returns.
        await stop.CancelAsync();
        client.Dispose();
        await Task.WhenAny(pump, Task.Delay(TimeSpan.FromSeconds(10)));
    }
}
