using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Threading.Channels;

namespace DigiHelsestasjon.Testing;

/// <summary>One received server-sent event.</summary>
public sealed record ReceivedEvent(string Kind, string Data, string? Id)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement;

    public long Seq => long.Parse(Id!, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A plain HTTP client of a server-sent event stream (as a browser's fetch reads it): opens the stream, collects
/// what arrives, and lets a test wait for the next event of a kind. Disposing it drops the connection, as a lost network would.</summary>
public sealed class EventStream : IAsyncDisposable
{
    /// <summary>How long a test waits for an event that should come; only a failing test waits this long.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource stop = new();
    private readonly Channel<ReceivedEvent> received = Channel.CreateUnbounded<ReceivedEvent>();
    private HttpResponseMessage? response;
    private Task pump = Task.CompletedTask;

    public static async Task<EventStream> OpenAsync(HttpClient client, string url, string? lastEventId = null)
    {
        var stream = new EventStream();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        stream.response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stream.stop.Token);
        stream.response.EnsureSuccessStatusCode();
        var body = await stream.response.Content.ReadAsStreamAsync(stream.stop.Token);
        stream.pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in SseParser.Create(body).EnumerateAsync(stream.stop.Token))
                {
                    stream.received.Writer.TryWrite(new ReceivedEvent(item.EventType, item.Data, item.EventId));
                }
            }
            catch (Exception) when (stream.stop.IsCancellationRequested)
            {
            }
            catch (IOException)
            {
            }
            finally
            {
                stream.received.Writer.TryComplete();
            }
        });
        return stream;
    }

    /// <summary>The next event of one of these kinds (any kind but keep-alive when none are named); others are skipped.</summary>
    public async Task<ReceivedEvent> NextAsync(params string[] kinds)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            ReceivedEvent next;
            try
            {
                next = await received.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No {string.Join(" or ", kinds.DefaultIfEmpty("event"))} arrived within {Patience.TotalSeconds} s.");
            }
            catch (ChannelClosedException)
            {
                throw new InvalidOperationException($"The stream ended before a {string.Join(" or ", kinds.DefaultIfEmpty("event"))} arrived.");
            }

            if (kinds.Length == 0 ? next.Kind != "keep-alive" : kinds.Contains(next.Kind))
            {
                return next;
            }
        }
    }

    /// <summary>True when the server ended the stream (after the events already received).</summary>
    public async Task<bool> EndsAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            while (await received.Reader.WaitToReadAsync(timeout.Token))
            {
                received.Reader.TryRead(out _);
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        response?.Dispose();
        await pump;
        stop.Dispose();
    }
}
