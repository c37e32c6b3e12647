using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Testing;

namespace DigiHelsestasjon.Benchmarks;

/// <summary>A day's mix (issue 18, goal 5): what citizens send on a normal day, at fixed rates (open loop: the next
/// request leaves on time whether or not the last was answered, as independent people do), against the whole host on
/// the calendar benchmark's data set. Reports, per route, what was offered, what was answered and p99.</summary>
internal static class MixBenchmark
{
    /// <summary>The share of each route in a day's traffic, per 100 requests. No national figures are published for
    /// these services, so the shares are this estimate: a visit logs in once, reads who it may act for, reads the list
    /// twice (before and after opening one appointment), looks at the messages, and now and then writes.</summary>
    private static readonly (string Route, int Share)[] Mix =
    [
        ("log in", 5), ("/me", 15), ("appointment list", 30), ("one appointment", 15), ("thread list", 25), ("send a message", 7), ("cancel", 3),
    ];

    /// <summary>The national peak the goal is stated against is 250 requests/s (10x = 2,500).</summary>
    private const double NationalPeak = 250;

    private const int MaxInFlight = 512;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (process, usersFile, httpClient) = await LoadGenerator.StartCalendarServerAsync(provider, database.ConnectionString);
        using var server = process;
        using var client = httpClient;
        var users = await PrepareAsync(client, File.ReadAllLines(usersFile));

        var multiples = provider == DatabaseProvider.Postgres ? new[] { 1.0, 4.0, 10.0 } : [1.0, 2.5];
        Console.WriteLine();
        Console.WriteLine($"A day's mix on {provider}: {users.Count:N0} guardians, {Environment.ProcessorCount} cores shared by host, database and load generator; "
            + $"open loop, {Warmup.TotalSeconds:0} s warm-up and {Measure.TotalSeconds:0} s measured per rate, at most {MaxInFlight} requests in flight.");
        Console.WriteLine($"Mix per 100 requests: {string.Join(", ", Mix.Select(m => $"{m.Route} {m.Share}"))}.");
        Console.WriteLine();
        Console.WriteLine("| offered | route | offered req/s | answered req/s | p50 ms | p99 ms | errors | not sent (too many in flight) |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var multiple in multiples)
        {
            var rate = NationalPeak * multiple;
            await RunAtAsync(client, users, rate, Warmup, collect: false);
            var results = await RunAtAsync(client, users, rate, Measure, collect: true);
            foreach (var (route, _) in Mix.Prepend(("all", 100)))
            {
                var r = results[route];
                var sorted = r.Latencies.Order().ToArray();
                Console.WriteLine($"| {multiple:0.#}x peak ({rate:N0}/s) | {route} | {r.Offered / Measure.TotalSeconds:N0} | {sorted.Length / Measure.TotalSeconds:N0} | "
                    + $"{LoadGenerator.Percentile(sorted, 0.50):F1} | {LoadGenerator.Percentile(sorted, 0.99):F1} | {r.Errors} | {r.NotSent} |");
            }
        }

        server.StandardInput.Close();
        await server.WaitForExitAsync();
    }

    private sealed class User(string pid, Guid subjectId, string token, Guid unitId, Queue<Guid> cancellable, Guid anAppointment)
    {
        public string Pid { get; } = pid;
        public Guid SubjectId { get; } = subjectId;
        public string Token { get; } = token;
        public Guid UnitId { get; } = unitId;
        public Queue<Guid> Cancellable { get; } = cancellable;
        public Guid AnAppointment { get; } = anAppointment;
    }

    private sealed class RouteResult
    {
        public List<double> Latencies { get; } = [];
        public int Offered;
        public int Errors;
        public int NotSent;
    }

    /// <summary>Each guardian logs in once and reads the child's list: an appointment to open, the future ones outside any
    /// cancellation deadline to cancel, and a unit to write to.</summary>
    private static async Task<List<User>> PrepareAsync(HttpClient client, string[] lines)
    {
        var users = new List<User>();
        var soon = DateTimeOffset.UtcNow.AddDays(4);
        foreach (var line in lines)
        {
            var (pid, subject) = (line.Split(';')[0], Guid.Parse(line.Split(';')[1]));
            var token = await Citizens.TokenAsync(client, pid);
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/subjects/{subject}/appointments");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var list = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
            if (list.Count == 0)
            {
                continue;
            }

            var future = list.Where(a => a.GetProperty("status").GetString() == "booked" && a.GetProperty("start").GetDateTimeOffset() > soon)
                .Select(a => a.GetProperty("appointmentId").GetGuid());
            users.Add(new User(pid, subject, token, list[0].GetProperty("unitId").GetGuid(), new Queue<Guid>(future), list[0].GetProperty("appointmentId").GetGuid()));
        }

        return users;
    }

    private static async Task<Dictionary<string, RouteResult>> RunAtAsync(HttpClient client, List<User> users, double rate, TimeSpan duration, bool collect)
    {
        var results = Mix.Select(m => m.Route).Prepend("all").ToDictionary(r => r, _ => new RouteResult());
        var random = new Random((int)rate);
        var inFlight = 0;
        var pending = new List<Task>();
        var clock = Stopwatch.StartNew();
        var total = (int)(rate * duration.TotalSeconds);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            if (due > clock.Elapsed + TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var route = Pick(random.Next(100));
            var user = users[random.Next(users.Count)];
            Guid? toCancel = null;
            if (route == "cancel")
            {
                toCancel = user.Cancellable.TryDequeue(out var next) ? next : null;
                // A guardian with nothing left to cancel reads the list instead.
                route = toCancel is null ? "appointment list" : route;
            }

            var result = results[route];
            Interlocked.Increment(ref result.Offered);
            Interlocked.Increment(ref results["all"].Offered);
            if (Volatile.Read(ref inFlight) >= MaxInFlight)
            {
                Interlocked.Increment(ref result.NotSent);
                Interlocked.Increment(ref results["all"].NotSent);
                continue;
            }

            Interlocked.Increment(ref inFlight);
            pending.Add(Task.Run(async () =>
            {
                try
                {
                    var started = Stopwatch.GetTimestamp();
                    var ok = await SendAsync(client, route, user, toCancel);
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    // Only what finished inside the measured window counts as answered in it.
                    var inWindow = clock.Elapsed <= duration;
                    lock (results)
                    {
                        if (!ok)
                        {
                            result.Errors++;
                            results["all"].Errors++;
                        }
                        else if (collect && inWindow)
                        {
                            result.Latencies.Add(elapsed);
                            results["all"].Latencies.Add(elapsed);
                        }
                    }
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight);
                }
            }));
        }

        await Task.WhenAll(pending);
        return results;
    }

    private static string Pick(int roll)
    {
        foreach (var (route, share) in Mix)
        {
            if (roll < share)
            {
                return route;
            }

            roll -= share;
        }

        return Mix[^1].Route;
    }

    private static async Task<bool> SendAsync(HttpClient client, string route, User user, Guid? toCancel)
    {
        if (route == "log in")
        {
            return (await Citizens.TokenAsync(client, user.Pid)).Length > 0;
        }

        var subject = $"/api/v1/subjects/{user.SubjectId}";
        using var request = route switch
        {
            "/me" => new HttpRequestMessage(HttpMethod.Get, "/api/v1/me"),
            "appointment list" => new HttpRequestMessage(HttpMethod.Get, $"{subject}/appointments"),
            "one appointment" => new HttpRequestMessage(HttpMethod.Get, $"{subject}/appointments/{user.AnAppointment}"),
            "thread list" => new HttpRequestMessage(HttpMethod.Get, $"{subject}/threads"),
            "send a message" => new HttpRequestMessage(HttpMethod.Post, $"{subject}/threads")
            {
                Content = JsonContent.Create(new { unitId = user.UnitId, subject = "Spørsmål", body = "Hei! Kan vi få en samtale om søvn?" }),
            },
            "cancel" => new HttpRequestMessage(HttpMethod.Post, $"{subject}/appointments/{toCancel}/cancellation")
            {
                Content = JsonContent.Create(new { reason = "Syk" }),
            },
            _ => throw new InvalidOperationException(route),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        if (route == "send a message")
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        return response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Accepted;
    }
}
