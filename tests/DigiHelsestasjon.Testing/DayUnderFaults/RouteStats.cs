using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace DigiHelsestasjon.Testing.DayUnderFaults;

/// <summary>Per route: requests, answers by kind (5xx, a 503 while the database was away, 429, no answer at all) and
/// the latencies of the good ones. Thread-safe: every actor writes here.</summary>
public sealed class RouteStats
{
    private readonly Dictionary<string, Route> routes = new(StringComparer.Ordinal);

    public sealed class Route
    {
        public List<double> Good { get; } = [];

        public int Requests { get; set; }

        public int ServerErrors { get; set; }

        public int Unavailable { get; set; }

        public int TooMany { get; set; }

        public int NoAnswer { get; set; }

        public int Refused { get; set; }

        /// <summary>Each 5xx by its code (500, 502, 504...).</summary>
        public SortedDictionary<int, int> ServerErrorCodes { get; } = [];
    }

    /// <summary>Sends one request and records it under <paramref name="route"/>; a request that got no answer (a host
    /// killed under it, a timeout) comes back as null.</summary>
    public async Task<HttpResponseMessage?> SendAsync(string route, HttpClient client, Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage? response = null;
        try
        {
            using var message = request();
            response = await client.SendAsync(message, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            response = null;
        }

        Record(route, response?.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return response;
    }

    public void Record(string route, HttpStatusCode? status, double milliseconds)
    {
        lock (routes)
        {
            if (!routes.TryGetValue(route, out var r))
            {
                routes[route] = r = new Route();
            }

            r.Requests++;
            switch (status)
            {
                case null: r.NoAnswer++; break;
                case HttpStatusCode.ServiceUnavailable: r.Unavailable++; break;
                case HttpStatusCode.TooManyRequests: r.TooMany++; break;
                case >= HttpStatusCode.InternalServerError:
                    r.ServerErrors++;
                    r.ServerErrorCodes[(int)status] = r.ServerErrorCodes.GetValueOrDefault((int)status) + 1;
                    break;
                case >= HttpStatusCode.BadRequest: r.Refused++; break;
                default: r.Good.Add(milliseconds); break;
            }
        }
    }

    public IReadOnlyDictionary<string, Route> Snapshot()
    {
        lock (routes)
        {
            return routes.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
        }
    }

    /// <summary>A Markdown table, one row per route.</summary>
    public string Table()
    {
        var text = new StringBuilder();
        text.AppendLine("| route | requests | good | other 5xx | 503 | 429 | no answer | 4xx | p50 ms | p99 ms |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, r) in Snapshot().OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var sorted = r.Good.Order().ToArray();
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {r.Requests} | {sorted.Length} | {r.ServerErrors}{(r.ServerErrors > 0 ? " (" + string.Join(", ", r.ServerErrorCodes.Select(c => $"{c.Key}: {c.Value}")) + ")" : "")} | {r.Unavailable} | {r.TooMany} | {r.NoAnswer} | {r.Refused} | {Percentile(sorted, 0.5):F0} | {Percentile(sorted, 0.99):F0} |");
        }

        return text.ToString();
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
