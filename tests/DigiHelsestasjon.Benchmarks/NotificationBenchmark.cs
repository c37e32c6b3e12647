using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Directory;
using DigiHelsestasjon.Identity;
using DigiHelsestasjon.Notifications;
using DigiHelsestasjon.Notifications.Features;
using DigiHelsestasjon.Simulators.Channels;
using DigiHelsestasjon.Simulators.Folkeregisteret;
using DigiHelsestasjon.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace DigiHelsestasjon.Benchmarks;

/// <summary>Notices due in the same minute on PostgreSQL, sent by one or two platform processes (separate OS
/// processes with the Identity, Directory and Notifications modules and their notice queue) to an SMS gateway
/// simulator over HTTP in this process; in the last run one process is killed halfway.</summary>
internal static class NotificationBenchmark
{
    private const int Persons = 1_000;
    private const int Small = 20_000;
    private const int Large = 100_000;
    private static readonly IModule[] Modules = [new IdentityModule(), new DirectoryModule(), new NotificationsModule()];

    public static async Task RunAsync()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using (await TestProcess.StartAsync(database, Modules, Settings("http://127.0.0.1:1"), configure: Ports))
        {
        }

        await SeedPersonsAsync(database);
        var gateway = new SmsGatewaySimulator(TimeProvider.System);
        var port = LoadGenerator.FreePort();
        await using var server = await GatewayServerAsync(gateway, port);
        var url = $"http://127.0.0.1:{port}";

        Console.WriteLine($"Notices due in the same minute on PostgreSQL, {Environment.ProcessorCount} cores shared by the database, the platform processes and the SMS gateway simulator (HTTP):");
        Console.WriteLine();
        Console.WriteLine("| run | notices | processes | seconds | SMS/s | ratio vs 1 | SMS in the gateway | sent twice | not sent | repeated keys |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var one = await RunOnceAsync(database, gateway, url, Small, processes: 1, killHalfway: false);
        Report("one process", Small, 1, one, 1);
        var two = await RunOnceAsync(database, gateway, url, Small, processes: 2, killHalfway: false);
        Report("two processes", Small, 2, two, one.Seconds / two.Seconds);
        var killed = await RunOnceAsync(database, gateway, url, Large, processes: 2, killHalfway: true);
        Report("two, one killed at 50 %", Large, 2, killed, double.NaN);
    }

    private sealed record Outcome(double Seconds, int InGateway, int SentTwice, long NotSent, long RepeatedKeys);

    private static void Report(string name, int notices, int processes, Outcome o, double ratio) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {notices:N0} | {processes} | {o.Seconds:F1} | {notices / o.Seconds:N0} | {(double.IsNaN(ratio) ? "" : ratio.ToString("F2", CultureInfo.InvariantCulture))} | {o.InGateway:N0} | {o.SentTwice} | {o.NotSent} | {o.RepeatedKeys} |"));

    private static async Task<Outcome> RunOnceAsync(TestDatabase database, SmsGatewaySimulator gateway, string url, int notices, int processes, bool killHalfway)
    {
        await ExecuteAsync(database, "TRUNCATE notifications.notices");
        gateway.Clear();
        await SeedNoticesAsync(database, notices);
        var workers = Enumerable.Range(0, processes).Select(_ => Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { typeof(NotificationBenchmark).Assembly.Location, "notification-worker", database.ConnectionString, url },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!).ToList();
        foreach (var worker in workers)
        {
            while (await worker.StandardOutput.ReadLineAsync() is { } line && line != "ready")
            {
            }
        }

        var repeatedBefore = gateway.RepeatedKeys;
        var clock = Stopwatch.StartNew();
        await ExecuteAsync(database, "UPDATE notifications.notices SET \"NextAttemptAt\" = now() - interval '1 second', \"DueAt\" = now() - interval '1 second'");
        var killed = !killHalfway;
        while (await CountAsync(database, "SELECT count(*) FROM notifications.notices WHERE \"State\" = 'planned'") > 0 && clock.Elapsed < TimeSpan.FromMinutes(15))
        {
            if (!killed && gateway.Count >= notices / 2)
            {
                workers[0].Kill(entireProcessTree: true);
                killed = true;
            }

            await Task.Delay(100);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        foreach (var worker in workers.Where(w => !w.HasExited))
        {
            worker.StandardInput.Close();
            await worker.WaitForExitAsync();
        }

        var outbox = gateway.Outbox;
        return new Outcome(
            seconds, outbox.Count, outbox.Count - outbox.Select(s => s.IdempotencyKey).Distinct().Count(),
            await CountAsync(database, "SELECT count(*) FROM notifications.notices WHERE \"State\" NOT IN ('sent', 'delivered')"),
            gateway.RepeatedKeys - repeatedBefore);
    }

    /// <summary>A platform process sending notices: started by the benchmark, stopped by closing its input (or killed).</summary>
    public static async Task<int> WorkerAsync(string connectionString, string gatewayUrl)
    {
        var database = TestDatabase.Existing(new DatabaseSettings(DatabaseProvider.Postgres, connectionString));
        await using var process = await TestProcess.StartAsync(database, Modules, Settings(gatewayUrl), configure: Ports);
        Console.WriteLine("ready");
        await Console.In.ReadLineAsync();
        return 0;
    }

    private static Dictionary<string, string?> Settings(string gatewayUrl) => new()
    {
        ["WorkQueues:outbox:Enabled"] = "false",
        ["WorkQueues:notifications:PollInterval"] = "00:00:00.050",
        ["WorkQueues:notifications:BatchSize"] = "100",
        ["WorkQueues:notifications:Lease"] = "00:00:30",
        ["Notifications:Sms:BaseUrl"] = gatewayUrl,
        // Quiet hours off: the benchmark must not depend on the time of day it runs at.
        ["Notifications:SmsQuietFrom"] = "00:00",
        ["Notifications:SmsQuietUntil"] = "00:00",
    };

    private static void Ports(IServiceCollection services)
    {
        services.AddSingleton<IPopulationRegister, BenchRegister>();
        services.AddSingleton<IContactRegister, BenchContacts>();
    }

    /// <summary>The same adults in every process (a fixed seed), each of whom is their own recipient.</summary>
    private sealed class BenchRegister : IPopulationRegister
    {
        public static readonly IReadOnlyList<(Guid Id, string Pid)> People = Create();

        private static readonly Dictionary<string, PopulationRecord> ByPid = People.ToDictionary(
            p => p.Pid, p => new PopulationRecord(p.Pid, $"Person {p.Pid[..4]}", new DateOnly(1985, 5, 5), false, [], []));

        public Task<PopulationRecord?> FindAsync(string pid, CancellationToken cancellationToken) => Task.FromResult(ByPid.GetValueOrDefault(pid));

        private static List<(Guid, string)> Create()
        {
            // One birth date has only a few hundred valid numbers: spread the people over many dates.
            var random = new Random(20261122);
            var pids = new HashSet<string>();
            for (var i = 0; pids.Count < Persons; i++)
            {
                pids.Add(SyntheticFodselsnummer.Create(new DateOnly(1985, 1, 1).AddDays(i % 3650), random));
            }

            var ids = new Random(1122);
            return pids.Order(StringComparer.Ordinal).Select(pid =>
            {
                var bytes = new byte[16];
                ids.NextBytes(bytes);
                return (new Guid(bytes), pid);
            }).ToList();
        }
    }

    private sealed class BenchContacts : IContactRegister
    {
        public Task<ContactDetails?> FindAsync(string pid, CancellationToken cancellationToken) =>
            Task.FromResult<ContactDetails?>(new ContactDetails($"+474{pid[..7]}", null, false));
    }

    private static async Task SeedPersonsAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY identity.persons (\"Id\", \"Pid\", \"Name\", \"BirthDate\", \"ProtectedAddress\", \"RefreshedAt\") FROM STDIN (FORMAT BINARY)");
        foreach (var (id, pid) in BenchRegister.People)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(id, NpgsqlDbType.Uuid);
            await copy.WriteAsync(pid, NpgsqlDbType.Varchar);
            await copy.WriteAsync($"Person {pid[..4]}", NpgsqlDbType.Varchar);
            await copy.WriteAsync(new DateOnly(1985, 5, 5), NpgsqlDbType.Date);
            await copy.WriteAsync(false, NpgsqlDbType.Boolean);
            await copy.WriteAsync(DateTime.UtcNow, NpgsqlDbType.TimestampTz);
        }

        await copy.CompleteAsync();
    }

    /// <summary>New-message notices (mandatory, no appointment to re-check), waiting with a far-future due time.</summary>
    private static async Task SeedNoticesAsync(TestDatabase database, int count)
    {
        var unit = Simulators.Epj.EpjDemoData.For("visma").Units[0].UnitId;
        var now = DateTime.UtcNow;
        var later = new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY notifications.notices (\"Id\", \"Kind\", \"SourceKey\", \"SubjectId\", \"RecipientPersonId\", \"UnitId\", \"ExemptFromParentalAccess\", \"YouthService\", "
            + "\"Mandatory\", \"Channel\", \"FellBack\", \"State\", \"DueAt\", \"NextAttemptAt\", \"SendBy\", \"Attempts\", \"CreatedAt\", \"UpdatedAt\") FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < count; i++)
            {
                var person = BenchRegister.People[i % Persons].Id;
                await copy.StartRowAsync();
                await copy.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                await copy.WriteAsync("new-message", NpgsqlDbType.Varchar);
                await copy.WriteAsync($"bench:{i}", NpgsqlDbType.Varchar);
                await copy.WriteAsync(person, NpgsqlDbType.Uuid);
                await copy.WriteAsync(person, NpgsqlDbType.Uuid);
                await copy.WriteAsync(unit, NpgsqlDbType.Uuid);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean);
                await copy.WriteAsync(true, NpgsqlDbType.Boolean);
                await copy.WriteAsync("", NpgsqlDbType.Varchar);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean);
                await copy.WriteAsync("planned", NpgsqlDbType.Varchar);
                await copy.WriteAsync(later, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(later, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(later.AddDays(1), NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(0, NpgsqlDbType.Integer);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync();
        }

        await ExecuteAsync(database, "ANALYZE notifications.notices");
    }

    private static async Task<WebApplication> GatewayServerAsync(SmsGatewaySimulator gateway, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapPost("/messages", async (HttpRequest request) =>
        {
            var body = await request.ReadFromJsonAsync<ChannelEndpoints.SendRequest>();
            var answer = await gateway.SendAsync(request.Headers["Idempotency-Key"].ToString(), body!.To!, body.Text!, CancellationToken.None);
            return Results.Ok(new { gatewayId = answer.GatewayId });
        });
        await app.StartAsync();
        return app;
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
