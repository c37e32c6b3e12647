using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>Every module in the host's registry gets this for free: its hand-written migrations
/// build exactly the schema its model describes, on both providers.</summary>
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
