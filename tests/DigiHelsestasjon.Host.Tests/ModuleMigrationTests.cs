using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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

    private static IEnumerable<ModuleDbContextRegistration> Registrations(DatabaseSettings database) =>
        ((IServiceProvider)Compose(database)).GetServices<ModuleDbContextRegistration>();

    private static ServiceProvider Compose(DatabaseSettings database)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["Database:ConnectionString"] = database.ConnectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddPlatformModules(configuration, ModuleRegistry.All);
        return services.BuildServiceProvider();
    }
}
