using System.Globalization;
using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.BuildingBlocks.Security;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.Simulators.Epj;
using DigiHelsestasjon.Simulators.Folkeregisteret;
using DigiHelsestasjon.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using NpgsqlTypes;

namespace DigiHelsestasjon.Benchmarks;

/// <summary>The whole host on Kestrel and PostgreSQL with its background workers on (outbox and EPJ delivery, as in
/// production), the Visma simulator in-process, the raw baseline endpoints, and guardians of three children each
/// with 200 threads of three messages.</summary>
internal static class MessagingBenchmarkServer
{
    public const int Guardians = 600;
    public const int ChildrenPerGuardian = 3;
    public const int ThreadsPerGuardian = 200;
    public const int MessagesPerThread = 3;

    public static async Task<int> RunAsync(string connectionString, int port)
    {
        var baseUrl = $"http://127.0.0.1:{port}";
        await using var factory = new HostFactory().WithWebHostBuilder(builder =>
        {
            CalendarBenchmarkServer.UseBenchmarkHost(builder, connectionString, baseUrl);
            builder.UseSetting("Simulators:EpjTransport", "in-process");
            builder.UseSetting("WorkQueues:outbox:PollInterval", "00:00:00.050");
            builder.UseSetting("WorkQueues:epj-delivery:PollInterval", "00:00:00.050");
            builder.ConfigureServices(services =>
            {
                services.AddSingleton(NpgsqlDataSource.Create(DatabaseSettings.WithPostgresDefaults(connectionString)));
                var enabled = (EnabledModules)services.Single(d => d.ServiceType == typeof(EnabledModules)).ImplementationInstance!;
                services.Replace(ServiceDescriptor.Singleton(new EnabledModules([.. enabled.All, new RawMessagingModule()])));
            });
        });
        factory.UseKestrel();
        factory.StartServer();
        await CalendarBenchmarkServer.WaitUntilReadyAsync(baseUrl);

        var users = await SeedAsync(factory.Services, connectionString);
        var file = Path.Combine(Path.GetTempPath(), $"digihelsestasjon-bench-messaging-{port}.txt");
        await File.WriteAllLinesAsync(file, users);
        Console.WriteLine($"ready {file}");
        await Console.In.ReadLineAsync();
        return 0;
    }

    /// <summary>Register, persons, threads, messages and read markers; returns "guardianPid;childId" for every child.</summary>
    private static async Task<List<string>> SeedAsync(IServiceProvider services, string connectionString)
    {
        var register = services.GetRequiredService<PopulationRegister>();
        var journal = (SimulatedJournal)services.GetRequiredKeyedService<IEpjConnector>("visma");
        var random = new Random(20261122);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var now = DateTime.UtcNow;
        var taken = new HashSet<string>();
        string NewPid(DateOnly born)
        {
            string pid;
            do
            {
                pid = register.NewPid(born);
            }
            while (!taken.Add(pid));
            return pid;
        }

        var families = new List<(Guid Id, string Pid, DateOnly Born, (Guid Id, string Pid, DateOnly Born)[] Children)>();
        for (var g = 0; g < Guardians; g++)
        {
            var born = today.AddYears(-30 - random.Next(15));
            var children = Enumerable.Range(0, ChildrenPerGuardian)
                .Select(_ => today.AddDays(-30 - random.Next(11 * 365)))
                .Select(childBorn => (Guid.NewGuid(), NewPid(childBorn), childBorn)).ToArray();
            families.Add((Guid.NewGuid(), NewPid(born), born, children));
        }

        foreach (var (_, pid, born, children) in families)
        {
            register.Put(new RegisterPerson(pid, $"Forelder {pid[..4]}", born, "Benkveien 1", false, [], [.. children.Select(c => new RegisterRelation(c.Pid, true))], []));
            foreach (var child in children)
            {
                register.Put(new RegisterPerson(child.Pid, $"Barn {child.Pid[..4]}", child.Born, "Benkveien 1", false, [], [], [new RegisterRelation(pid, true)]));
            }
        }

        journal.RegisterPatients(families.SelectMany(f => f.Children.Select(c => c.Pid)));

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var persons = await connection.BeginBinaryImportAsync(
            "COPY identity.persons (\"Id\", \"Pid\", \"Name\", \"BirthDate\", \"ProtectedAddress\", \"RefreshedAt\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (id, pid, born) in families.SelectMany(f => f.Children.Prepend((f.Id, f.Pid, f.Born))))
            {
                await persons.StartRowAsync();
                await persons.WriteAsync(id, NpgsqlDbType.Uuid);
                await persons.WriteAsync(pid, NpgsqlDbType.Varchar);
                await persons.WriteAsync($"Person {pid[..4]}", NpgsqlDbType.Varchar);
                await persons.WriteAsync(born, NpgsqlDbType.Date);
                await persons.WriteAsync(false, NpgsqlDbType.Boolean);
                await persons.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await persons.CompleteAsync();
        }

        var units = EpjDemoData.For("visma").Units.Select(u => u.UnitId).ToArray();
        var threads = new List<(Guid Id, Guid Person, Guid Guardian, Guid Unit, DateTime Created)>();
        foreach (var family in families)
        {
            for (var t = 0; t < ThreadsPerGuardian; t++)
            {
                threads.Add((Guid.NewGuid(), family.Children[t % ChildrenPerGuardian].Id, family.Id, units[random.Next(2)], now.AddMinutes(-random.Next(3 * 365 * 24 * 60))));
            }
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY messaging.threads (\"Id\", \"PersonId\", \"UnitId\", \"Topic\", \"Subject\", \"StartedBy\", \"StartedByPersonId\", \"YouthService\", "
            + "\"ExemptFromParentalAccess\", \"CreatedAt\", \"LastMessageAt\", \"FirstAnswerAt\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var thread in threads)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(thread.Id, NpgsqlDbType.Uuid);
                await copy.WriteAsync(thread.Person, NpgsqlDbType.Uuid);
                await copy.WriteAsync(thread.Unit, NpgsqlDbType.Uuid);
                await copy.WriteAsync("health", NpgsqlDbType.Varchar);
                await copy.WriteAsync("Spørsmål om søvn", NpgsqlDbType.Varchar);
                await copy.WriteAsync("parent", NpgsqlDbType.Varchar);
                await copy.WriteAsync(thread.Guardian, NpgsqlDbType.Uuid);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean);
                await copy.WriteAsync(thread.Created, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(thread.Created.AddHours(MessagesPerThread), NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(thread.Created.AddHours(1), NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY messaging.messages (\"Id\", \"ThreadId\", \"PersonId\", \"UnitId\", \"EpjMessageId\", \"Direction\", \"AuthorPersonId\", \"AuthorRelation\", \"AuthorName\", "
            + "\"Body\", \"SentAt\", \"DeliveryState\", \"DeliveryStateAt\", \"JournaledAt\", \"FailureReason\", \"ExemptFromParentalAccess\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var thread in threads)
            {
                for (var m = 0; m < MessagesPerThread; m++)
                {
                    var fromUnit = m % 2 == 1;
                    var sent = thread.Created.AddHours(m);
                    var id = Guid.NewGuid();
                    await copy.StartRowAsync();
                    await copy.WriteAsync(id, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(thread.Id, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(thread.Person, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(thread.Unit, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(id, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(fromUnit ? "from-unit" : "to-unit", NpgsqlDbType.Varchar);
                    if (fromUnit)
                    {
                        await copy.WriteNullAsync();
                    }
                    else
                    {
                        await copy.WriteAsync(thread.Guardian, NpgsqlDbType.Uuid);
                    }

                    await copy.WriteAsync(fromUnit ? "unit" : "parent", NpgsqlDbType.Varchar);
                    await copy.WriteAsync(fromUnit ? "Fjordvik helsestasjon" : "Forelder", NpgsqlDbType.Varchar);
                    await copy.WriteAsync("Hei! Barnet sover dårlig om natten. Har dere råd?", NpgsqlDbType.Text);
                    await copy.WriteAsync(sent, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync("journaled", NpgsqlDbType.Varchar);
                    await copy.WriteAsync(sent, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(sent, NpgsqlDbType.TimestampTz);
                    await copy.WriteNullAsync();
                    await copy.WriteAsync(false, NpgsqlDbType.Boolean);
                }
            }

            await copy.CompleteAsync();
        }

        // The guardian has read half the threads up to their last message.
        await using (var copy = await connection.BeginBinaryImportAsync("COPY messaging.read_markers (\"ThreadId\", \"ReaderPersonId\", \"ReadUpTo\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var thread in threads.Where((_, i) => i % 2 == 0))
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(thread.Id, NpgsqlDbType.Uuid);
                await copy.WriteAsync(thread.Guardian, NpgsqlDbType.Uuid);
                await copy.WriteAsync(thread.Created.AddHours(MessagesPerThread), NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync();
        }

        await using (var analyze = new NpgsqlCommand("ANALYZE identity.persons; ANALYZE messaging.threads; ANALYZE messaging.messages; ANALYZE messaging.read_markers;", connection))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        return families.SelectMany(f => f.Children.Select(c => string.Create(CultureInfo.InvariantCulture, $"{f.Pid};{c.Id}"))).ToList();
    }
}

/// <summary>The baseline endpoints and the benchmark's progress probe, behind the same authentication.</summary>
internal sealed class RawMessagingModule : IModule
{
    public string Name => "RawMessagingBaseline";

    public void AddServices(IServiceCollection services, ModuleContext context)
    {
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/bench/raw/subjects/{subjectId:guid}/threads", RawThreadList.ListAsync)
            .RequireAuthorization(PlatformPolicies.Citizen).RequireAssurance(AssuranceLevels.High);
        endpoints.MapPost("/bench/raw/subjects/{subjectId:guid}/threads", RawThreadList.StartAsync)
            .RequireAuthorization(PlatformPolicies.Citizen).RequireAssurance(AssuranceLevels.High);
        endpoints.MapGet("/bench/messaging/progress", async (string marker, NpgsqlDataSource data, [FromKeyedServices("visma")] IEpjConnector visma) =>
        {
            await using var command = data.CreateCommand(
                "SELECT count(*) FILTER (WHERE \"DeliveryState\" = 'journaled'), count(*) FILTER (WHERE \"DeliveryState\" = 'failed'), count(*) "
                + "FROM messaging.messages WHERE \"Body\" LIKE $1");
            command.Parameters.Add(new NpgsqlParameter { Value = marker + "%" });
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var (entries, distinct) = ((SimulatedJournal)visma).Count("message");
            return Results.Ok(new { journaled = reader.GetInt64(0), failed = reader.GetInt64(1), total = reader.GetInt64(2), journalEntries = entries, distinctJournalEntries = distinct });
        });

        // Pauses the work queues' workers (outbox, EPJ delivery, ...) so a send's acceptance is measured without the delivery
        // sharing the cores, as the raw endpoint has none.
        endpoints.MapPost("/bench/workers/pause", async (IEnumerable<Microsoft.Extensions.Hosting.IHostedService> hosted) =>
        {
            foreach (var worker in hosted.Where(h => h.GetType().Name == "WorkQueueWorker"))
            {
                await worker.StopAsync(CancellationToken.None);
            }

            return Results.NoContent();
        });
    }
}
