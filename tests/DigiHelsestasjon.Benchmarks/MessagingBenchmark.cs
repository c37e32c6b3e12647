using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Testing;

namespace DigiHelsestasjon.Benchmarks;

/// <summary>Messaging under load, against the host in its own process (<see cref="MessagingBenchmarkServer"/>):
/// the thread list beside a raw Npgsql endpoint running the same SQL, and 10,000 messages sent and drained
/// through the outbox and the EPJ delivery to the Visma simulator, beside a raw endpoint doing the same writes.</summary>
internal static class MessagingBenchmark
{
    private const int Messages = 10_000;
    private const int SendConcurrency = 32;
    private static readonly int[] ListConcurrency = [1, 8, 32];
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(10);

    private sealed record User(string GuardianPid, Guid SubjectId, string Token);

    public static async Task RunAsync()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var port = LoadGenerator.FreePort();
        var (process, usersFile) = await LoadGenerator.StartServerAsync("messaging-server", database.ConnectionString, port);
        using var server = process;
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromMinutes(2),
        };
        var users = await LoginAsync(client, File.ReadAllLines(usersFile));
        await CheckSameListAsync(client, users);

        Console.WriteLine();
        Console.WriteLine($"Thread list on PostgreSQL: {MessagingBenchmarkServer.Guardians:N0} guardians of {MessagingBenchmarkServer.ChildrenPerGuardian} children, "
            + $"{MessagingBenchmarkServer.ThreadsPerGuardian} threads a guardian ({MessagingBenchmarkServer.MessagesPerThread} messages each), a guardian asking for one child's list; "
            + $"{Environment.ProcessorCount} cores shared by host, database and load generator; {Warmup.TotalSeconds:0} s warm-up and {Measure.TotalSeconds:0} s measured per row.");
        Console.WriteLine();
        Console.WriteLine("| concurrency | endpoint | req/s | p50 ms | p99 ms | errors | platform / raw |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|");
        foreach (var concurrency in ListConcurrency)
        {
            var raw = await LoadGenerator.GetAsync(client, users.Select(u => (u.SubjectId, u.Token)).ToList(), "/bench/raw/subjects/{0}/threads", concurrency, Warmup, Measure);
            var platform = await LoadGenerator.GetAsync(client, users.Select(u => (u.SubjectId, u.Token)).ToList(), "/api/v1/subjects/{0}/threads", concurrency, Warmup, Measure);
            Console.WriteLine($"| {concurrency} | raw Npgsql | {raw.PerSecond:N0} | {raw.P50:F1} | {raw.P99:F1} | {raw.Errors} | |");
            Console.WriteLine($"| {concurrency} | platform | {platform.PerSecond:N0} | {platform.P50:F1} | {platform.P99:F1} | {platform.Errors} | {platform.PerSecond / raw.PerSecond:P0} |");
        }

        await SendAsync(client, users);
        server.StandardInput.Close();
        await server.WaitForExitAsync();
    }

    /// <summary>10,000 new threads by the raw endpoint, then 10,000 by the platform (background workers delivering
    /// meanwhile), then until every platform message is journaled; the journal must hold each exactly once.</summary>
    private static async Task SendAsync(HttpClient client, List<User> users)
    {
        var raw = await SendManyAsync(client, users, "/bench/raw/subjects/{0}/threads", "bench-raw");
        var clock = Stopwatch.StartNew();
        var platform = await SendManyAsync(client, users, "/api/v1/subjects/{0}/threads", "bench-send");
        JsonElement progress;
        do
        {
            await Task.Delay(200);
            progress = await client.GetFromJsonAsync<JsonElement>("/bench/messaging/progress?marker=bench-send");
        }
        while (progress.GetProperty("journaled").GetInt64() + progress.GetProperty("failed").GetInt64() < Messages && clock.Elapsed < TimeSpan.FromMinutes(10));

        var drained = clock.Elapsed.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine($"Sending {Messages:N0} new threads at concurrency {SendConcurrency} (closed loop) on PostgreSQL, the Visma simulator in-process, "
            + "outbox and EPJ delivery running in the host meanwhile:");
        Console.WriteLine();
        Console.WriteLine("| endpoint | accepted/s | p50 ms | p99 ms | errors | platform / raw |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| raw Npgsql (same writes, no delivery) | {raw.PerSecond:N0} | {raw.P50:F1} | {raw.P99:F1} | {raw.Errors} | |");
        Console.WriteLine($"| platform | {platform.PerSecond:N0} | {platform.P50:F1} | {platform.P99:F1} | {platform.Errors} | {platform.PerSecond / raw.PerSecond:P0} |");
        Console.WriteLine();
        Console.WriteLine($"Drained: {progress.GetProperty("journaled").GetInt64():N0} journaled, {progress.GetProperty("failed").GetInt64():N0} failed, "
            + $"{drained:F1} s from the first send to the last journaled ({Messages / drained:N0} messages/s end to end); "
            + $"journal entries {progress.GetProperty("journalEntries").GetInt32():N0} for {progress.GetProperty("distinctJournalEntries").GetInt32():N0} distinct messages "
            + $"({progress.GetProperty("journalEntries").GetInt32() - progress.GetProperty("distinctJournalEntries").GetInt32()} duplicates).");

        // Acceptance alone: the same send with the outbox and the EPJ delivery paused (the raw endpoint delivers nothing either).
        (await client.PostAsync("/bench/workers/pause", null)).EnsureSuccessStatusCode();
        var paused = await SendManyAsync(client, users, "/api/v1/subjects/{0}/threads", "bench-paused");
        Console.WriteLine();
        Console.WriteLine("The same, with the host's work queues paused (acceptance alone):");
        Console.WriteLine();
        Console.WriteLine("| endpoint | accepted/s | p50 ms | p99 ms | errors | platform / raw |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| platform, workers paused | {paused.PerSecond:N0} | {paused.P50:F1} | {paused.P99:F1} | {paused.Errors} | {paused.PerSecond / raw.PerSecond:P0} |");
    }

    private static async Task<LoadResult> SendManyAsync(HttpClient client, List<User> users, string path, string marker)
    {
        var next = -1;
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var all = await Task.WhenAll(Enumerable.Range(0, SendConcurrency).Select(async worker =>
        {
            var random = new Random(worker * 104729);
            var mine = new List<double>();
            while (Interlocked.Increment(ref next) < Messages)
            {
                var user = users[random.Next(users.Count)];
                using var request = new HttpRequestMessage(HttpMethod.Post, string.Format(CultureInfo.InvariantCulture, path, user.SubjectId))
                {
                    Content = JsonContent.Create(new { unitId = Simulators.Epj.EpjDemoData.For("visma").Units[0].UnitId, subject = "Spørsmål", body = $"{marker} {Guid.NewGuid():N} Hei! Kan vi få en samtale om søvn?" }),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                var started = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref errors);
                    continue;
                }

                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return mine;
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        var sorted = all.SelectMany(l => l).Order().ToArray();
        return new LoadResult(sorted.Length / seconds, LoadGenerator.Percentile(sorted, 0.50), LoadGenerator.Percentile(sorted, 0.99), errors);
    }

    
    private static async Task<List<User>> LoginAsync(HttpClient client, string[] lines)
    {
        var tokens = new Dictionary<string, string>();
        var users = new List<User>();
        foreach (var line in lines)
        {
            var (pid, subject) = (line.Split(';')[0], Guid.Parse(line.Split(';')[1]));
            if (!tokens.TryGetValue(pid, out var token))
            {
                tokens[pid] = token = await Citizens.TokenAsync(client, pid);
            }

            users.Add(new User(pid, subject, token));
        }

        return users;
    }

    /// <summary>Both list endpoints must answer the same, or the comparison means nothing.</summary>
    private static async Task CheckSameListAsync(HttpClient client, List<User> users)
    {
        foreach (var user in users.Take(20))
        {
            var raw = await GetAsync(client, $"/bench/raw/subjects/{user.SubjectId}/threads", user.Token);
            var platform = await GetAsync(client, $"/api/v1/subjects/{user.SubjectId}/threads", user.Token);
            if (raw != platform || raw.Length < 1000)
            {
                throw new InvalidOperationException($"The raw and platform answers differ for one subject:\n{raw[..Math.Min(600, raw.Length)]}\n{platform[..Math.Min(600, platform.Length)]}");
            }
        }
    }

    private static async Task<string> GetAsync(HttpClient client, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
