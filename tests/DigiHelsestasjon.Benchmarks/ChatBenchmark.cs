using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Testing;

namespace DigiHelsestasjon.Benchmarks;

/// <summary>The youth chat under load: 1,000 conversations, each with the youth's and the nurse's event stream open,
/// 50 nurses (20 conversations each), messages sent at a fixed rate alternately by youth and nurse, each timed from
/// the moment it is sent until it arrives on the other side's stream. Once with everything on one host process, once
/// with the youth on one process and the nurses on another (the fan-out then goes through PostgreSQL LISTEN/NOTIFY).</summary>
internal static class ChatBenchmark
{
    private const int Conversations = 1_000;
    private const int Target = 500;
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(15);

    /// <summary>Sent first at the same rate and not counted: JIT, connection pools and the streams' first reads settle.</summary>
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(5);

    private sealed record Result(string Setup, int Sent, int Delivered, int Errors, double PerSecond, double P50, double P99, double Max);

    public static async Task RunAsync()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        Console.WriteLine();
        Console.WriteLine($"Youth chat on PostgreSQL: {Conversations:N0} conversations with both streams open ({2 * Conversations:N0} SSE connections), "
            + $"{ChatBenchmarkServer.Units} nurses, {Target} (and {Target / 2}) messages/s offered for {Warmup.TotalSeconds:0} s of warm-up and {Measure.TotalSeconds:0} s measured (half from youths, half from nurses); "
            + $"{Environment.ProcessorCount} cores shared by host(s), database and load generator.");
        var results = new List<Result>();
        // The target rate on one process and on two; and half of it on one process, to show the latency where the host keeps up.
        foreach (var (two, rate) in new[] { (false, Target), (true, Target), (false, Target / 2) })
        {
            await database.ResetAsync();
            results.Add(await MeasureAsync(database, two, rate));
        }

        Console.WriteLine();
        Console.WriteLine("| setup | sent | delivered | errors | delivered/s | p50 ms | p99 ms | max ms | delivered/s vs one process at the target |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine($"| {r.Setup} | {r.Sent:N0} | {r.Delivered:N0} | {r.Errors} | {r.PerSecond:N0} | {r.P50:F1} | {r.P99:F1} | {r.Max:F1} | {r.PerSecond / results[0].PerSecond:F2} |");
        }
    }

    private static async Task<Result> MeasureAsync(TestDatabase database, bool twoProcesses, int rate)
    {
        var portA = LoadGenerator.FreePort();
        var (a, _) = await LoadGenerator.StartServerAsync("chat-server", database.ConnectionString, portA, "provision");
        using var serverA = a;
        Process? serverB = null;
        var portB = portA;
        if (twoProcesses)
        {
            portB = LoadGenerator.FreePort();
            (serverB, _) = await LoadGenerator.StartServerAsync("chat-server", database.ConnectionString, portB, "join");
        }

        // Streams and requests on separate connection pools: a request never waits behind a stream's connection.
        using var streamHandler = new SocketsHttpHandler { MaxConnectionsPerServer = 8192, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var requestHandler = new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var youthStreams = new HttpClient(streamHandler, disposeHandler: false) { BaseAddress = new Uri($"http://127.0.0.1:{portA}"), Timeout = Timeout.InfiniteTimeSpan };
        using var nurseStreams = new HttpClient(streamHandler, disposeHandler: false) { BaseAddress = new Uri($"http://127.0.0.1:{portB}"), Timeout = Timeout.InfiniteTimeSpan };
        using var youthHttp = new HttpClient(requestHandler, disposeHandler: false) { BaseAddress = new Uri($"http://127.0.0.1:{portA}"), Timeout = TimeSpan.FromSeconds(30) };
        using var nurseHttp = new HttpClient(requestHandler, disposeHandler: false) { BaseAddress = new Uri($"http://127.0.0.1:{portB}"), Timeout = TimeSpan.FromSeconds(30) };
        using var stop = new CancellationTokenSource();

        var nurseTokens = new string[ChatBenchmarkServer.Units];
        for (var n = 0; n < nurseTokens.Length; n++)
        {
            var form = new FormUrlEncodedContent([new("grant_type", "urn:digihelsestasjon:simulator:testid"), new("hpr", (5_000_000 + n).ToString(CultureInfo.InvariantCulture)), new("role", "nurse"), new("unitId", ChatBenchmarkServer.UnitId(n + 1).ToString())]);
            var answer = await nurseHttp.PostAsync("/simulators/helseid/token", form);
            nurseTokens[n] = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        }

        var chats = new (Guid Id, string Token, int Nurse)[Conversations];
        await Parallel.ForAsync(0, Conversations, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var nurse = i % ChatBenchmarkServer.Units;
            var answer = await youthHttp.PostAsJsonAsync("/api/v1/youth-chat/conversations", new { unitId = ChatBenchmarkServer.UnitId(nurse + 1) }, ct);
            var opened = await answer.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(ct);
            chats[i] = (opened.GetProperty("conversationId").GetGuid(), opened.GetProperty("conversationToken").GetString()!, nurse);
            using var claim = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/staff/youth-chat/conversations/{chats[i].Id}/claim");
            claim.Headers.Authorization = new AuthenticationHeaderValue("Bearer", nurseTokens[nurse]);
            (await nurseHttp.SendAsync(claim, ct)).EnsureSuccessStatusCode();
        });

        var sentAt = new ConcurrentDictionary<int, long>();
        var latencies = new ConcurrentBag<double>();
        var started = new CountdownEvent(2 * Conversations);
        var streams = new List<Task>(2 * Conversations);
        foreach (var chat in chats)
        {
            streams.Add(ReadAsync(youthStreams, $"/api/v1/youth-chat/conversations/{chat.Id}/events", chat.Token, "nurse", sentAt, latencies, started, stop.Token));
            streams.Add(ReadAsync(nurseStreams, $"/api/v1/staff/youth-chat/conversations/{chat.Id}/events", nurseTokens[chat.Nurse], "youth", sentAt, latencies, started, stop.Token));
        }

        Console.WriteLine($"  {Conversations:N0} conversations opened and claimed; opening the streams");
        if (!await Task.Run(() => started.Wait(TimeSpan.FromMinutes(2))))
        {
            Console.WriteLine($"  only {2 * Conversations - started.CurrentCount:N0} streams started within two minutes");
        }

        var errors = 0;
        var warmup = (int)(rate * Warmup.TotalSeconds);
        var total = warmup + (int)(rate * Measure.TotalSeconds);
        using var inFlight = new SemaphoreSlim(512);
        var sends = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        for (var k = 0; k < total; k++)
        {
            var due = TimeSpan.FromSeconds((double)k / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            if (k % (rate * 5) == 0 && k > 0)
            {
                Console.WriteLine($"  {clock.Elapsed.TotalSeconds:F0} s: sent {k:N0}, delivered {latencies.Count:N0}, errors {errors}");
            }

            await inFlight.WaitAsync();
            var (chat, fromYouth, id) = (chats[k % Conversations], k % 2 == 0, k);
            sends.Add(Task.Run(async () =>
            {
                try
                {
                    var url = fromYouth ? $"/api/v1/youth-chat/conversations/{chat.Id}/messages" : $"/api/v1/staff/youth-chat/conversations/{chat.Id}/messages";
                    using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new { text = $"b{id}" }) };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fromYouth ? chat.Token : nurseTokens[chat.Nurse]);
                    if (id >= warmup)
                    {
                        sentAt[id] = Stopwatch.GetTimestamp();
                    }

                    using var response = await (fromYouth ? youthHttp : nurseHttp).SendAsync(request);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }
                finally
                {
                    inFlight.Release();
                }
            }));
        }

        await Task.WhenAll(sends);
        var sentIn = clock.Elapsed;
        var deadline = Stopwatch.StartNew();
        while (latencies.Count < total - warmup - errors && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        var deliveredIn = clock.Elapsed - Warmup;
        await stop.CancelAsync();
        await Task.WhenAll(streams);
        serverA.StandardInput.Close();
        await serverA.WaitForExitAsync();
        if (serverB is not null)
        {
            serverB.StandardInput.Close();
            await serverB.WaitForExitAsync();
            serverB.Dispose();
        }

        var sorted = latencies.Order().ToArray();
        var setup = $"{(twoProcesses ? "youth on one process, nurses on another" : "one process")}, {rate}/s offered";
        Console.WriteLine($"  {setup}: sent {total:N0} in {sentIn.TotalSeconds:F1} s ({warmup:N0} of them warm-up), measured {sorted.Length:N0} delivered by {deliveredIn.TotalSeconds:F1} s after the warm-up");
        return new Result(setup, total - warmup, sorted.Length, errors, sorted.Length / deliveredIn.TotalSeconds,
            LoadGenerator.Percentile(sorted, 0.50), LoadGenerator.Percentile(sorted, 0.99), sorted.Length == 0 ? double.NaN : sorted[^1]);
    }

    /// <summary>One side's stream: each message from the other side that the benchmark sent is timed on arrival.</summary>
    private static async Task ReadAsync(
        HttpClient http, string url, string token, string otherSide, ConcurrentDictionary<int, long> sentAt, ConcurrentBag<double> latencies, CountdownEvent started, CancellationToken stop)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop);
            response.EnsureSuccessStatusCode();
            var first = true;
            await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync(stop)).EnumerateAsync(stop))
            {
                if (first)
                {
                    first = false;
                    started.Signal();
                }

                if (item.EventType != "message")
                {
                    continue;
                }

                using var json = JsonDocument.Parse(item.Data);
                var text = json.RootElement.GetProperty("text").GetString()!;
                if (json.RootElement.GetProperty("from").GetString() == otherSide && text.StartsWith('b')
                    && sentAt.TryRemove(int.Parse(text.AsSpan(1), CultureInfo.InvariantCulture), out var at))
                {
                    latencies.Add(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
                }
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
        }
    }
}
