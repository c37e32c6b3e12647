using System.Diagnostics;
using DigiHelsestasjon.Benchmarks;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

// ./build.sh bench runs "all" ("outbox", "calendar", "calendar-sqlite", "mix", "mix-sqlite", "messaging", "epj-transport", "notifications", "chat" or "day-under-faults" runs one: ./build.sh bench --bench-args=messaging). The benchmarks start this program again
// as their workers and host.
if (args is ["outbox-worker", var connection])
{
    return await OutboxBenchmark.WorkerAsync(connection);
}

if (args is ["outbox-raw-worker", var rawOutboxConnection])
{
    return await RawOutboxWorker.RunAsync(rawOutboxConnection, OutboxBenchmark.BatchSize);
}

if (args is ["calendar-server", var calendarConnection, var port])
{
    return await CalendarBenchmarkServer.RunAsync(calendarConnection, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture));
}

if (args is ["calendar-server", var sqliteConnection, var sqlitePort, "sqlite"])
{
    return await CalendarBenchmarkServer.RunAsync(sqliteConnection, int.Parse(sqlitePort, System.Globalization.CultureInfo.InvariantCulture), DatabaseProvider.Sqlite);
}

if (args is ["messaging-server", var messagingConnection, var messagingPort])
{
    return await MessagingBenchmarkServer.RunAsync(messagingConnection, int.Parse(messagingPort, System.Globalization.CultureInfo.InvariantCulture));
}

if (args is ["chat-server", var chatConnection, var chatPort, var role])
{
    return await ChatBenchmarkServer.RunAsync(chatConnection, int.Parse(chatPort, System.Globalization.CultureInfo.InvariantCulture), provision: role == "provision");
}

if (args is ["notification-worker", var noticeConnection, var gatewayUrl])
{
    return await NotificationBenchmark.WorkerAsync(noticeConnection, gatewayUrl);
}

var which = args.FirstOrDefault() ?? "all";
if (which is "all" or "outbox")
{
    await OutboxBenchmark.RunAsync();
}

if (which is "all" or "calendar")
{
    await CalendarListBenchmark.RunAsync();
}

if (which is "all" or "calendar-sqlite")
{
    await CalendarListBenchmark.RunAsync(DatabaseProvider.Sqlite);
}

if (which is "all" or "mix")
{
    await MixBenchmark.RunAsync(DatabaseProvider.Postgres);
}

if (which is "all" or "mix-sqlite")
{
    await MixBenchmark.RunAsync(DatabaseProvider.Sqlite);
}

if (which is "all" or "messaging")
{
    await MessagingBenchmark.RunAsync();
}

if (which is "all" or "epj-transport")
{
    await EpjTransportBenchmark.RunAsync();
}

if (which is "all" or "notifications")
{
    await NotificationBenchmark.RunAsync();
}

if (which is "all" or "chat")
{
    await ChatBenchmark.RunAsync();
}

// The day under faults at full length (issue 33): ten minutes, three hosts behind nginx, every fault (docs/operations.md).
if (which is "all" or "day-under-faults")
{
    var day = await DigiHelsestasjon.Testing.DayUnderFaults.DayUnderFaultsScenario.RunAsync(
#if DEBUG
        "Debug",
#else
        "Release",
#endif
        new DigiHelsestasjon.Testing.DayUnderFaults.DayUnderFaultsOptions { Duration = TimeSpan.FromMinutes(10), Guardians = 6, YouthChats = 2 });
    Console.WriteLine();
    Console.WriteLine(day.Report);
    if (day.Violations.Count > 0)
    {
        return 1;
    }
}

return 0;

internal static class OutboxBenchmark
{
    private const int Backlog = 40_000;
    public const int BatchSize = 200;
    private static readonly BenchModule[] Modules = [new()];

    public static async Task RunAsync()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using (var migrate = await TestProcess.StartAsync(database, Modules, Settings(dispatcher: false)))
        {
        }

        Console.WriteLine($"Outbox dispatch on PostgreSQL, {Environment.ProcessorCount} cores, backlog {Backlog:N0} events, batch {BatchSize}");
        // The hand-rolled SKIP LOCKED dispatcher and the platform's alternate, three times each; best of three is reported.
        var results = new List<(string Name, double EventsPerSecond)>();
        foreach (var (kind, workers) in new[] { ("raw", 1), ("platform", 1), ("raw", 1), ("platform", 1), ("raw", 1), ("platform", 1), ("platform", 2), ("platform", 2) })
        {
            await SeedAsync(database);
            var rate = await DrainAsync(database, workers, kind == "raw" ? "outbox-raw-worker" : "outbox-worker");
            results.Add(($"{kind} {workers}", rate));
        }

        double Best(string name) => results.Where(r => r.Name == name).Max(r => r.EventsPerSecond);
        var (raw, one, two) = (Best("raw 1"), Best("platform 1"), Best("platform 2"));
        Console.WriteLine();
        Console.WriteLine("| dispatcher | events/s (best of the runs) | vs hand-rolled |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| hand-rolled SKIP LOCKED, 1 process | {raw:N0} | 100 % |");
        Console.WriteLine($"| platform, 1 process | {one:N0} | {one / raw:P0} |");
        Console.WriteLine($"| platform, 2 processes | {two:N0} | {two / raw:P0} ({two / one:F2}x one) |");

        await LatencyAsync(database);
    }

    /// <summary>Starts N worker processes, waits until they are ready, then times the drain.</summary>
    private static async Task<double> DrainAsync(TestDatabase database, int workers, string worker)
    {
        var processes = Enumerable.Range(0, workers).Select(_ => Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { typeof(OutboxBenchmark).Assembly.Location, worker, database.ConnectionString },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!).ToList();
        foreach (var process in processes)
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line && line != "ready")
            {
            }
        }

        // The backlog waits with a far-future due time; releasing it in one statement starts the clock.
        var clock = Stopwatch.StartNew();
        await ExecuteAsync(database, "UPDATE bench.outbox SET next_attempt_at = now() - interval '1 second'");

        while (await PendingAsync(database) > 0)
        {
            await Task.Delay(20);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        foreach (var process in processes)
        {
            process.StandardInput.Close();
            await process.WaitForExitAsync();
        }

        var rate = Backlog / seconds;
        Console.WriteLine($"  {worker}, {workers} process(es): {Backlog:N0} events in {seconds:F2} s = {rate:N0} events/s");
        return rate;
    }

    /// <summary>A worker: one platform process with its dispatcher, started on "go".</summary>
    public static async Task<int> WorkerAsync(string connectionString)
    {
        var database = new DatabaseSettings(DatabaseProvider.Postgres, connectionString);
        var handled = new Handled();
        await using var process = await TestProcess.StartAsync(TestDatabase.Existing(database), Modules, Settings(dispatcher: true), configure: s => s.AddSingleton(handled));
        Console.WriteLine("ready");
        await Console.In.ReadLineAsync();
        return 0;
    }

    /// <summary>A steady producer (1,000 events/s in commits of 10) against one in-process dispatcher.</summary>
    private static async Task LatencyAsync(TestDatabase database)
    {
        await database.ResetAsync();
        var handled = new Handled();
        await using var process = await TestProcess.StartAsync(database, Modules, Settings(dispatcher: true), configure: s => s.AddSingleton(handled));
        const int Seconds = 8;
        const int PerCommit = 10;
        var clock = Stopwatch.StartNew();
        var sent = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(Seconds))
        {
            await using (var scope = process.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<BenchDbContext>();
                await scope.ServiceProvider.GetRequiredService<DigiHelsestasjon.BuildingBlocks.Mediation.UnitOfWork>().ExecuteAsync(
                    () =>
                    {
                        for (var i = 0; i < PerCommit; i++)
                        {
                            db.AddIntegrationEvent(new Pinged(sent++));
                        }

                        return Task.CompletedTask;
                    },
                    CancellationToken.None);
            }

            var due = TimeSpan.FromMilliseconds(sent * 1000.0 / 1000);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }
        }

        while (Interlocked.Read(ref handled.Count) < sent)
        {
            await Task.Delay(20);
        }

        var sorted = handled.LatenciesMs.OrderBy(x => x).ToArray();
        double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        Console.WriteLine();
        Console.WriteLine($"Commit-to-handled latency, steady 1,000 events/s for {Seconds} s ({sent:N0} events), one dispatcher:");
        Console.WriteLine("| p50 ms | p90 ms | p99 ms | max ms |");
        Console.WriteLine("|---:|---:|---:|---:|");
        Console.WriteLine($"| {P(0.50):F1} | {P(0.90):F1} | {P(0.99):F1} | {sorted[^1]:F1} |");
    }

    private static async Task SeedAsync(TestDatabase database)
    {
        await database.ResetAsync();
        var options = new DbContextOptionsBuilder<BenchDbContext>();
        PersistenceServiceCollectionExtensions.Configure(options, database.Settings, BenchDbContext.SchemaName);
        for (var chunk = 0; chunk < Backlog; chunk += 5_000)
        {
            await using var db = new BenchDbContext(options.Options);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            // A context made here has no platform clock; the rows are what AddIntegrationEvent writes.
            for (var i = chunk; i < Math.Min(Backlog, chunk + 5_000); i++)
            {
                db.Outbox.Add(DigiHelsestasjon.BuildingBlocks.Outbox.OutboxMessage.From(new Pinged(i), DateTimeOffset.UtcNow));
            }

            await db.SaveChangesAsync();
        }

        await ExecuteAsync(database, "UPDATE bench.outbox SET next_attempt_at = '2100-01-01'");
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var connection = database.Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> PendingAsync(TestDatabase database)
    {
        await using var connection = database.Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM bench.outbox WHERE processed_at IS NULL";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static Dictionary<string, string?> Settings(bool dispatcher) => new()
    {
        ["WorkQueues:outbox:Enabled"] = dispatcher.ToString(),
        ["WorkQueues:outbox:BatchSize"] = BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["WorkQueues:outbox:PollInterval"] = "00:00:00.010",
    };
}
