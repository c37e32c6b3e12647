using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using DigiHelsestasjon.BuildingBlocks.Persistence;

namespace DigiHelsestasjon.Benchmarks;

/// <summary>Requests per second and latency of one endpoint under load.</summary>
internal sealed record LoadResult(double PerSecond, double P50, double P99, int Errors);

/// <summary>What the list benchmarks share: a closed loop of GETs (each of <c>concurrency</c> workers sends its next
/// request when the last is answered), a warm-up that is not counted, and a free port for the host.</summary>
internal static class LoadGenerator
{
    public static async Task<LoadResult> GetAsync(HttpClient client, IReadOnlyList<(Guid SubjectId, string Token)> users, string pathFormat, int concurrency, TimeSpan warmup, TimeSpan measure)
    {
        await RunAsync(warmup, collect: false);
        var (latencies, errors, seconds) = await RunAsync(measure, collect: true);
        var sorted = latencies.Order().ToArray();
        return new LoadResult(sorted.Length / seconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99), errors);

        async Task<(List<double> Latencies, int Errors, double Seconds)> RunAsync(TimeSpan duration, bool collect)
        {
            var clock = Stopwatch.StartNew();
            var errors = 0;
            var all = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
            {
                var random = new Random(worker * 7919 + concurrency);
                var mine = new List<double>();
                while (clock.Elapsed < duration)
                {
                    var (subject, token) = users[random.Next(users.Count)];
                    using var request = new HttpRequestMessage(HttpMethod.Get, string.Format(CultureInfo.InvariantCulture, pathFormat, subject));
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    var started = Stopwatch.GetTimestamp();
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref errors);
                        continue;
                    }

                    if (collect)
                    {
                        mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }

                return mine;
            }));
            return (all.SelectMany(l => l).ToList(), errors, clock.Elapsed.TotalSeconds);
        }
    }

    public static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    /// <summary>Starts this program again as the benchmark's host (<paramref name="mode"/>: calendar-server or
    /// messaging-server) and waits for its "ready {usersFile}" line; returns the process and the users file.</summary>
    public static async Task<(Process Server, string UsersFile)> StartServerAsync(string mode, string connectionString, int port, params string[] more)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { typeof(LoadGenerator).Assembly.Location, mode, connectionString, port.ToString(CultureInfo.InvariantCulture) },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in more)
        {
            start.ArgumentList.Add(argument);
        }

        var server = Process.Start(start)!;
        while (await server.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("ready ", StringComparison.Ordinal))
            {
                return (server, line["ready ".Length..]);
            }

            Console.WriteLine($"  server: {line}");
        }

        server.Dispose();
        throw new InvalidOperationException("The benchmark host did not start.");
    }

    /// <summary>The calendar benchmark's host (<see cref="CalendarBenchmarkServer"/>) on this database, and a client for it
    /// that may hold many connections at once; the caller closes the server's standard input to stop it.</summary>
    public static async Task<(Process Server, string UsersFile, HttpClient Client)> StartCalendarServerAsync(DatabaseProvider provider, string connectionString)
    {
        var port = FreePort();
        var (server, usersFile) = provider == DatabaseProvider.Postgres
            ? await StartServerAsync("calendar-server", connectionString, port)
            : await StartServerAsync("calendar-server", connectionString, port, "sqlite");
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromSeconds(60),
        };
        return (server, usersFile, client);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
