using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Testing;

namespace DigiHelsestasjon.Benchmarks;

/// <summary>The appointment list under load: the platform's endpoint beside a raw Npgsql endpoint
/// (<see cref="RawAppointmentList"/>) that runs the same SQL, in the same host, in the same run.
/// The host is a separate process (<see cref="CalendarBenchmarkServer"/>) so the load generator's
/// work does not share its thread pool; both still share the machine's cores.</summary>
internal static class CalendarListBenchmark
{
    private static readonly int[] Concurrency = [1, 4, 8, 16, 32, 64];
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(DatabaseProvider provider = DatabaseProvider.Postgres)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (process, usersFile, httpClient) = await LoadGenerator.StartCalendarServerAsync(provider, database.ConnectionString);
        using var server = process;
        using var client = httpClient;
        var users = await LoginAsync(client, File.ReadAllLines(usersFile));
        await CheckSameAnswerAsync(client, users);

        Console.WriteLine();
        var scale = provider == DatabaseProvider.Postgres ? 1 : CalendarBenchmarkServer.SqliteScale;
        var raw = provider == DatabaseProvider.Postgres ? "raw Npgsql" : "raw Microsoft.Data.Sqlite";
        Console.WriteLine($"Appointment list on {provider}: {CalendarBenchmarkServer.Persons / scale:N0} persons, {CalendarBenchmarkServer.Appointments / scale:N0} appointments, "
            + $"{users.Count:N0} guardians asking for a child's list, {Environment.ProcessorCount} cores shared by host, database and load generator; "
            + $"{Warmup.TotalSeconds:0} s warm-up and {Measure.TotalSeconds:0} s measured per row.");
        Console.WriteLine();
        Console.WriteLine("| concurrency | endpoint | req/s | p50 ms | p99 ms | errors | platform / raw |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|");
        var levels = Environment.GetEnvironmentVariable("BENCH_LEVELS") is { Length: > 0 } only
            ? only.Split(',').Select(l => int.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToArray()
            : Concurrency;
        foreach (var concurrency in levels)
        {
            var baseline = await LoadGenerator.GetAsync(client, users.Select(u => (u.SubjectId, u.Token)).ToList(), "/bench/raw/subjects/{0}/appointments", concurrency, Warmup, Measure);
            var platform = await LoadGenerator.GetAsync(client, users.Select(u => (u.SubjectId, u.Token)).ToList(), "/api/v1/subjects/{0}/appointments", concurrency, Warmup, Measure);
            Console.WriteLine($"| {concurrency} | {raw} | {baseline.PerSecond:N0} | {baseline.P50:F1} | {baseline.P99:F1} | {baseline.Errors} | |");
            Console.WriteLine($"| {concurrency} | platform | {platform.PerSecond:N0} | {platform.P50:F1} | {platform.P99:F1} | {platform.Errors} | {platform.PerSecond / baseline.PerSecond:P0} |");
        }

        server.StandardInput.Close();
        await server.WaitForExitAsync();
    }

    private sealed record User(Guid SubjectId, string Token);

    
    private static async Task<List<User>> LoginAsync(HttpClient client, string[] lines)
    {
        var users = new List<User>();
        foreach (var line in lines)
        {
            var (pid, subject) = (line.Split(';')[0], Guid.Parse(line.Split(';')[1]));
            users.Add(new User(subject, await Citizens.TokenAsync(client, pid)));
        }

        return users;
    }

    /// <summary>Both endpoints must answer the same list, or the comparison means nothing.</summary>
    private static async Task CheckSameAnswerAsync(HttpClient client, List<User> users)
    {
        foreach (var user in users.Take(20))
        {
            var raw = await GetAsync(client, $"/bench/raw/subjects/{user.SubjectId}/appointments", user.Token);
            var platform = await GetAsync(client, $"/api/v1/subjects/{user.SubjectId}/appointments", user.Token);
            if (raw != platform || raw.Length < 10)
            {
                throw new InvalidOperationException($"The raw and platform answers differ for one subject:\n{raw}\n{platform}");
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
