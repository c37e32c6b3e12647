using System.Globalization;
using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Simulators.Epj;
using DigiHelsestasjon.Simulators.Folkeregisteret;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using DigiHelsestasjon.Testing;
using Npgsql;
using NpgsqlTypes;

namespace DigiHelsestasjon.Benchmarks;

/// <summary>The whole host on Kestrel and PostgreSQL, with the raw baseline endpoint added and a realistic
/// data set: guardians and children in the register and in identity.persons, ten appointments a person.</summary>
internal static class CalendarBenchmarkServer
{
    public const int Persons = 100_000;
    public const int Appointments = 1_000_000;
    private const int Guardians = 40_000;
    private const int Children = Persons - Guardians;
    private const int AppointmentsPerGuardian = 4;
    private const int AppointmentsPerChild = (Appointments - Guardians * AppointmentsPerGuardian) / Children;
    private const int UsersUnderLoad = 2_000;

    private static readonly string[] Types =
        ["4 ukers konsultasjon", "Vaksinasjon 15 måneder", "Skolestartundersøkelse", "Årskontroll 2 år", "Samtale med helsesykepleier", "Oppfølging"];

    /// <summary>On the embedded default a tenth of the data set: a municipality that runs on SQLite is a small one.</summary>
    public const int SqliteScale = 10;

    public static async Task<int> RunAsync(string connectionString, int port, DatabaseProvider provider = DatabaseProvider.Postgres)
    {
        var baseUrl = $"http://127.0.0.1:{port}";
        await using var factory = new HostFactory().WithWebHostBuilder(builder =>
        {
            UseBenchmarkHost(builder, connectionString, baseUrl, provider);
            builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", Environment.GetEnvironmentVariable("BENCH_SQL_LOG") ?? "Warning");
            builder.ConfigureServices(services =>
            {
                var enabled = (EnabledModules)services.Single(d => d.ServiceType == typeof(EnabledModules)).ImplementationInstance!;
                if (provider == DatabaseProvider.Postgres)
                {
                    services.AddSingleton(NpgsqlDataSource.Create(DatabaseSettings.WithPostgresDefaults(connectionString)));
                    services.Replace(ServiceDescriptor.Singleton(new EnabledModules([.. enabled.All, new RawAppointmentListModule()])));
                }
                else
                {
                    services.Replace(ServiceDescriptor.Singleton(new EnabledModules([.. enabled.All, new RawSqliteAppointmentListModule(connectionString)])));
                }
            });
        });
        factory.UseKestrel();
        factory.StartServer();
        await WaitUntilReadyAsync(baseUrl);

        var users = provider == DatabaseProvider.Postgres ? await SeedAsync(factory.Services, connectionString) : await SeedSqliteAsync(factory.Services, connectionString);

        // The journals know the register's people, so a message sent in the day's mix can be journaled.
        var everyone = factory.Services.GetRequiredService<PopulationRegister>().All.Select(p => p.Pid).ToList();
        foreach (var municipality in EpjDemoData.Municipalities)
        {
            ((SimulatedJournal)factory.Services.GetRequiredKeyedService<DigiHelsestasjon.Epj.Sdk.IEpjConnector>(municipality.Vendor.Vendor)).RegisterPatients(everyone);
        }

        var file = Path.Combine(Path.GetTempPath(), $"digihelsestasjon-bench-users-{port}.txt");
        await File.WriteAllLinesAsync(file, users);
        Console.WriteLine($"ready {file}");
        await Console.In.ReadLineAsync();
        return 0;
    }

    /// <summary>What every benchmark's host process shares: the host's content root, PostgreSQL, Kestrel on the given
    /// address, the simulators on (users log in through them), quiet logs, and no rate limits (one load generator
    /// speaks for thousands of users).</summary>
    internal static void UseBenchmarkHost(IWebHostBuilder builder, string connectionString, string baseUrl, DatabaseProvider provider = DatabaseProvider.Postgres)
    {
        builder.UseSolutionRelativeContentRoot("host/DigiHelsestasjon.Host", "Platform.sln");
        builder.UseEnvironment("Benchmark");
        builder.UseSetting("Database:Provider", provider.ToString());
        builder.UseSetting("Database:ConnectionString", connectionString);
        builder.UseSetting("Urls", baseUrl);
        builder.UseSetting("Simulators:BaseUrl", baseUrl);
        builder.UseSetting("Simulators:DataFolder", Path.Combine(Path.GetTempPath(), "digihelsestasjon-bench", "keys"));
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("RateLimiting:Enabled", "false");
    }

    internal static async Task WaitUntilReadyAsync(string baseUrl)
    {
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        for (var i = 0; i < 600; i++)
        {
            try
            {
                if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("The host did not become ready.");
    }

    /// <summary>The same data set at a tenth of the size on SQLite, written with prepared inserts in one transaction, in the
    /// formats EF Core's SQLite provider uses (upper-case text Guids, text dates).</summary>
    private static async Task<List<string>> SeedSqliteAsync(IServiceProvider services, string connectionString)
    {
        var (guardians, children, users) = Population(services.GetRequiredService<PopulationRegister>(), Guardians / SqliteScale, Children / SqliteScale);
        var random = new Random(20261123);
        var now = DateTime.UtcNow;
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = (Microsoft.Data.Sqlite.SqliteTransaction)await connection.BeginTransactionAsync();
        await using (var person = connection.CreateCommand())
        {
            person.CommandText = "INSERT INTO \"identity_persons\" (\"Id\", \"Pid\", \"Name\", \"BirthDate\", \"ProtectedAddress\", \"RefreshedAt\") VALUES ($id, $pid, $name, $born, 0, $now)";
            var (id, pid, name, born) = (person.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Text), person.Parameters.Add("$pid", Microsoft.Data.Sqlite.SqliteType.Text),
                person.Parameters.Add("$name", Microsoft.Data.Sqlite.SqliteType.Text), person.Parameters.Add("$born", Microsoft.Data.Sqlite.SqliteType.Text));
            person.Parameters.AddWithValue("$now", now);
            foreach (var (personId, personPid, personName, personBorn) in guardians.Select((g, i) => (g.Id, g.Pid, $"Forelder {i}", g.Born))
                .Concat(children.Select(c => (c.Id, c.Pid, $"Barn {c.Guardian}", c.Born))))
            {
                (id.Value, pid.Value, name.Value, born.Value) = (RawSqliteAppointmentList.Text(personId), personPid, personName, personBorn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                await person.ExecuteNonQueryAsync();
            }
        }

        var units = EpjDemoData.Municipalities.SelectMany(m => m.Units.Where(u => u.Type != "youth-clinic").Select(u => u.UnitId)).ToArray();
        var serial = 0;
        await using (var appointment = connection.CreateCommand())
        {
            appointment.CommandText = "INSERT INTO \"calendar_appointments\" (\"Id\", \"PersonId\", \"UnitId\", \"EpjAppointmentId\", \"Version\", \"Start\", \"End\", \"Type\", "
                + "\"PractitionerRole\", \"Location\", \"ExemptFromParentalAccess\", \"YouthService\", \"Status\", \"UpdatedAt\") "
                + "VALUES ($id, $person, $unit, $epj, 1, $start, $end, $type, 'helsesykepleier', 'Rom 2', 0, 0, $status, $now)";
            var p = new[] { "$id", "$person", "$unit", "$epj", "$start", "$end", "$type", "$status" }.ToDictionary(n => n, n => appointment.Parameters.Add(n, Microsoft.Data.Sqlite.SqliteType.Text));
            appointment.Parameters.AddWithValue("$now", now);
            foreach (var (personId, count) in guardians.Select(g => (g.Id, AppointmentsPerGuardian)).Concat(children.Select(c => (c.Id, AppointmentsPerChild))))
            {
                for (var i = 0; i < count; i++)
                {
                    var start = now.Date.AddDays(random.Next(-3 * 365, 365)).AddHours(8 + random.Next(7)).AddMinutes(15 * random.Next(4));
                    p["$id"].Value = RawSqliteAppointmentList.Text(Guid.NewGuid());
                    p["$person"].Value = RawSqliteAppointmentList.Text(personId);
                    p["$unit"].Value = RawSqliteAppointmentList.Text(units[random.Next(units.Length)]);
                    p["$epj"].Value = $"bench-{serial++}";
                    p["$start"].Value = start;
                    p["$end"].Value = start.AddMinutes(30);
                    p["$type"].Value = Types[random.Next(Types.Length)];
                    p["$status"].Value = start > now ? "booked" : random.Next(20) == 0 ? "noShow" : "attended";
                    await appointment.ExecuteNonQueryAsync();
                }
            }
        }

        await transaction.CommitAsync();
        await using (var analyze = connection.CreateCommand())
        {
            analyze.CommandText = "ANALYZE;";
            await analyze.ExecuteNonQueryAsync();
        }

        return users;
    }

    /// <summary>Guardians and their children in the simulated register; the users under load as "guardianPid;childId".</summary>
    private static ((Guid Id, string Pid, DateOnly Born)[] Guardians, (Guid Id, string Pid, DateOnly Born, int Guardian)[] Children, List<string> Users) Population(
        PopulationRegister register, int guardianCount, int childCount)
    {
        var random = new Random(20261122);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var guardians = new (Guid Id, string Pid, DateOnly Born)[guardianCount];
        var children = new (Guid Id, string Pid, DateOnly Born, int Guardian)[childCount];
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

        for (var g = 0; g < guardianCount; g++)
        {
            var born = today.AddYears(-28 - random.Next(18)).AddDays(-random.Next(365));
            guardians[g] = (Guid.NewGuid(), NewPid(born), born);
        }

        for (var c = 0; c < childCount; c++)
        {
            var born = today.AddDays(-30 - random.Next(11 * 365));
            children[c] = (Guid.NewGuid(), NewPid(born), born, c % guardianCount);
        }

        for (var g = 0; g < guardianCount; g++)
        {
            var mine = new List<RegisterRelation> { new(children[g].Pid, true) };
            if (g + guardianCount < childCount)
            {
                mine.Add(new RegisterRelation(children[g + guardianCount].Pid, true));
            }

            register.Put(new RegisterPerson(guardians[g].Pid, $"Forelder {g}", guardians[g].Born, "Benkveien 1", false, [], mine, []));
        }

        foreach (var child in children)
        {
            register.Put(new RegisterPerson(child.Pid, $"Barn {child.Guardian}", child.Born, "Benkveien 1", false, [], [], [new RegisterRelation(guardians[child.Guardian].Pid, true)]));
        }

        var users = Enumerable.Range(0, Math.Min(UsersUnderLoad, guardianCount)).Select(_ => random.Next(guardianCount))
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{guardians[g].Pid};{children[g].Id}")).ToList();
        return (guardians, children, users);
    }

    /// <summary>Writes the data set with COPY and returns "guardianPid;childId" for the guardians under load.</summary>
    private static async Task<List<string>> SeedAsync(IServiceProvider services, string connectionString)
    {
        var (guardians, children, users) = Population(services.GetRequiredService<PopulationRegister>(), Guardians, Children);
        var random = new Random(20261123);
        var now = DateTime.UtcNow;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var persons = await connection.BeginBinaryImportAsync(
            "COPY identity.persons (\"Id\", \"Pid\", \"Name\", \"BirthDate\", \"ProtectedAddress\", \"RefreshedAt\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (id, pid, name, born) in guardians.Select((g, i) => (g.Id, g.Pid, $"Forelder {i}", g.Born))
                .Concat(children.Select(c => (c.Id, c.Pid, $"Barn {c.Guardian}", c.Born))))
            {
                await persons.StartRowAsync();
                await persons.WriteAsync(id, NpgsqlDbType.Uuid);
                await persons.WriteAsync(pid, NpgsqlDbType.Varchar);
                await persons.WriteAsync(name, NpgsqlDbType.Varchar);
                await persons.WriteAsync(born, NpgsqlDbType.Date);
                await persons.WriteAsync(false, NpgsqlDbType.Boolean);
                await persons.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await persons.CompleteAsync();
        }

        var units = EpjDemoData.Municipalities.SelectMany(m => m.Units.Where(u => u.Type != "youth-clinic").Select(u => u.UnitId)).ToArray();
        var serial = 0;
        await using (var appointments = await connection.BeginBinaryImportAsync(
            "COPY calendar.appointments (\"Id\", \"PersonId\", \"UnitId\", \"EpjAppointmentId\", \"Version\", \"Start\", \"End\", \"Type\", \"PractitionerRole\", \"Location\", "
            + "\"ExemptFromParentalAccess\", \"YouthService\", \"Status\", \"UpdatedAt\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (personId, count) in guardians.Select(g => (g.Id, AppointmentsPerGuardian)).Concat(children.Select(c => (c.Id, AppointmentsPerChild))))
            {
                for (var i = 0; i < count; i++)
                {
                    // Three years back, one year ahead, on the quarter hour in opening hours.
                    var start = now.Date.AddDays(random.Next(-3 * 365, 365)).AddHours(8 + random.Next(7)).AddMinutes(15 * random.Next(4));
                    var status = start > now ? "booked" : random.Next(20) == 0 ? "noShow" : "attended";
                    await appointments.StartRowAsync();
                    await appointments.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                    await appointments.WriteAsync(personId, NpgsqlDbType.Uuid);
                    await appointments.WriteAsync(units[random.Next(units.Length)], NpgsqlDbType.Uuid);
                    await appointments.WriteAsync($"bench-{serial++}", NpgsqlDbType.Varchar);
                    await appointments.WriteAsync(1L, NpgsqlDbType.Bigint);
                    await appointments.WriteAsync(start, NpgsqlDbType.TimestampTz);
                    await appointments.WriteAsync(start.AddMinutes(30), NpgsqlDbType.TimestampTz);
                    await appointments.WriteAsync(Types[random.Next(Types.Length)], NpgsqlDbType.Varchar);
                    await appointments.WriteAsync("helsesykepleier", NpgsqlDbType.Varchar);
                    await appointments.WriteAsync("Rom 2", NpgsqlDbType.Varchar);
                    await appointments.WriteAsync(false, NpgsqlDbType.Boolean);
                    await appointments.WriteAsync(false, NpgsqlDbType.Boolean);
                    await appointments.WriteAsync(status, NpgsqlDbType.Varchar);
                    await appointments.WriteAsync(now, NpgsqlDbType.TimestampTz);
                }
            }

            await appointments.CompleteAsync();
        }

        await using (var analyze = new NpgsqlCommand("ANALYZE identity.persons; ANALYZE calendar.appointments;", connection))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        return users;
    }
}
