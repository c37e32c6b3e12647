using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>Every module in the host's registry gets this for free: on each provider its generated migrations hold every
/// change of its model, and build exactly the schema the model describes; a database made while the migrations were
/// hand-written moves on to the generated ones.</summary>
public sealed class ModuleMigrationTests
{
    public static TheoryData<string, DatabaseProvider> ModuleSchemas()
    {
        var data = new TheoryData<string, DatabaseProvider>();
        foreach (var registration in Registrations(new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=:memory:")))
        {
            data.Add(registration.Schema, DatabaseProvider.Sqlite);
            data.Add(registration.Schema, DatabaseProvider.Postgres);
        }
        return data;
    }

    public static TheoryData<string, DatabaseProvider> ModuleSchemasOnEveryProvider()
    {
        var data = new TheoryData<string, DatabaseProvider>();
        foreach (var registration in Registrations(DatabaseSettings.ForDesign(DatabaseProvider.Sqlite)))
        {
            foreach (var provider in Enum.GetValues<DatabaseProvider>())
            {
                data.Add(registration.Schema, provider);
            }
        }

        return data;
    }

    /// <summary>EF's own check: the model against the provider's snapshot, as <c>dotnet ef migrations has-pending-model-changes</c>.</summary>
    [Theory]
    [MemberData(nameof(ModuleSchemasOnEveryProvider))]
    public async Task Given_a_module_s_model_When_EF_compares_it_with_the_provider_s_snapshot_Then_every_change_has_its_migration(string schema, DatabaseProvider provider)
    {
        await using var services = Compose(DatabaseSettings.ForDesign(provider));
        await using var scope = services.CreateAsyncScope();
        var context = services.GetServices<ModuleDbContextRegistration>().Single(r => r.Schema == schema).Resolve(scope.ServiceProvider);

        context.Database.GetMigrations().ShouldNotBeEmpty($"{schema} has no generated migrations for {provider}");
        context.Database.HasPendingModelChanges().ShouldBeFalse($"{schema}'s model changed without a migration on {provider}: run scripts/add-migration.sh <Module> <Name>");
    }

    /// <summary>What the hand-written migrations left in each schema's history (ADR 0002, until 2026-12-06).</summary>
    private static readonly Dictionary<string, string[]> HandWrittenHistory = new()
    {
        ["identity"] = ["20261122010000_Initial", "20261205120000_EndedWebSessions", "20261206000000_DataProtectionKeys", "20261206100000_TraceParent"],
        ["directory"] = ["20261122020000_Initial", "20261122180000_UnitChatOpeningHours", "20261122210000_UnitEpjEnvironment", "20261205160000_UnitPhone", "20261206100000_TraceParent"],
        ["epj"] = ["20261122030000_Initial", "20261122110000_ItemLockedBy", "20261122210000_Onboarding", "20261206100000_TraceParent"],
        ["calendar"] = ["20261122040000_Initial", "20261122100000_InformationTexts", "20261123000000_SelfBooking", "20261123060000_BookingResume", "20261206100000_TraceParent"],
        ["messaging"] = ["20261122140000_Initial", "20261206100000_TraceParent"],
        ["notifications"] = ["20261122160000_Initial", "20261206100000_TraceParent"],
        ["youthchat"] = ["20261122200000_Initial", "20261206100000_TraceParent"],
        ["healthrecords"] = ["20261201000000_Initial", "20261206100000_TraceParent"],
    };

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Given_a_database_made_by_the_hand_written_migrations_When_this_version_migrates_Then_the_baseline_is_recorded_and_nothing_is_made_twice(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var services = Compose(database.Settings);
        var migrator = services.GetRequiredService<DatabaseMigrator>();
        await AsTheHandWrittenMigrationsLeftItAsync(services, schema => HandWrittenHistory.GetValueOrDefault(schema));

        await migrator.MigrateAsync();

        (await migrator.PendingAsync()).ShouldBeEmpty();
        foreach (var registration in services.GetServices<ModuleDbContextRegistration>())
        {
            await using var scope = services.CreateAsyncScope();
            var context = registration.Resolve(scope.ServiceProvider);
            var applied = (await context.Database.GetAppliedMigrationsAsync()).ToList();
            applied.ShouldBe([.. HandWrittenHistory.GetValueOrDefault(registration.Schema) ?? [], .. context.Database.GetMigrations()], ignoreOrder: true);
        }
    }

    [Fact]
    public async Task Given_a_database_whose_hand_written_history_stops_early_When_migrated_Then_the_operator_is_told_to_run_the_older_version_first()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var services = Compose(database.Settings);
        var migrator = services.GetRequiredService<DatabaseMigrator>();
        await AsTheHandWrittenMigrationsLeftItAsync(services, schema => HandWrittenHistory.GetValueOrDefault(schema)?[..1]);

        var refused = await Should.ThrowAsync<InvalidOperationException>(() => migrator.MigrateAsync());

        refused.Message.ShouldContain("20261206100000_TraceParent");
        refused.Message.ShouldContain("Run the migrate command of the version released before 2026-12-07 first");
    }

    /// <summary>Each schema as a version with hand-written migrations left it: migrated up to the generated baseline (the
    /// same tables), its history saying what <paramref name="history"/> gives. A module made since keeps its history.</summary>
    private static async Task AsTheHandWrittenMigrationsLeftItAsync(IServiceProvider services, Func<string, string[]?> history)
    {
        foreach (var registration in services.GetServices<ModuleDbContextRegistration>())
        {
            await using var scope = services.CreateAsyncScope();
            var context = registration.Resolve(scope.ServiceProvider);
            var ids = history(registration.Schema);
            var migrator = context.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
            if (ids is null)
            {
                await migrator.MigrateAsync();
                continue;
            }

            var baseline = context.Database.GetMigrations().First();
            await migrator.MigrateAsync(baseline);
            var repository = context.GetService<Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository>();
            await context.Database.ExecuteSqlRawAsync(repository.GetDeleteScript(baseline));
            foreach (var id in ids)
            {
                await context.Database.ExecuteSqlRawAsync(repository.GetInsertScript(new Microsoft.EntityFrameworkCore.Migrations.HistoryRow(id, "10.0.15")));
            }
        }
    }

    [Theory]
    [MemberData(nameof(ModuleSchemas))]
    public async Task Given_an_empty_database_When_a_module_migrates_Then_its_schema_is_exactly_its_model(string schema, DatabaseProvider provider)
    {
        var registration = Registrations(new DatabaseSettings(provider, "Host=unused")).Single(r => r.Schema == schema);
        var (migrated, fromModel) = await SchemaDescription.MigratedAndModelAsync(provider, d => Compose(d), registration);

        migrated.ShouldNotBeEmpty();
        migrated.ShouldBe(fromModel);
    }

    [Fact]
    public async Task Given_a_fresh_PostgreSQL_database_When_every_module_migrates_Then_nothing_is_logged_as_an_error()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var errors = new ErrorLog();
        await using var provider = Compose(database.Settings, errors);

        await provider.GetRequiredService<DatabaseMigrator>().MigrateAsync();

        errors.Entries.ShouldBeEmpty();
        (await provider.GetRequiredService<DatabaseMigrator>().PendingAsync()).ShouldBeEmpty();
    }

    /// <summary>Every error-level log entry, as an operator reading the log would see it.</summary>
    private sealed class ErrorLog : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<string> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    entries.Enqueue($"{category}: {formatter(state, exception)}");
                }
            }
        }
    }

    private static IEnumerable<ModuleDbContextRegistration> Registrations(DatabaseSettings database) =>
        ((IServiceProvider)Compose(database)).GetServices<ModuleDbContextRegistration>();

    private static ServiceProvider Compose(DatabaseSettings database, ILoggerProvider? log = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["Database:ConnectionString"] = database.ConnectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            if (log is not null)
            {
                logging.AddProvider(log);
            }
        });
        services.AddSingleton<IConfiguration>(configuration);
        services.AddPlatformModules(configuration, ModuleRegistry.All);
        return services.BuildServiceProvider();
    }
}
