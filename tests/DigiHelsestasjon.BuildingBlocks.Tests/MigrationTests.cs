using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.BuildingBlocks.Tests.Sample;
using DigiHelsestasjon.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.BuildingBlocks.Tests;

public abstract class MigrationTests(DatabaseProvider provider)
{
    [Fact]
    public async Task Given_an_empty_database_When_the_hand_written_migrations_run_Then_the_schema_is_exactly_the_model()
    {
        var (migrated, fromModel) = await SchemaDescription.MigratedAndModelAsync(provider, Compose, new ModuleDbContextRegistration(typeof(SampleDbContext), SampleDbContext.SchemaName));

        migrated.ShouldContain("outbox");
        migrated.ShouldContain("note_receipts");
        migrated.ShouldBe(fromModel);
    }

    [Fact]
    public void Given_a_module_switched_off_When_the_platform_composes_Then_its_handlers_and_tables_are_absent()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Modules:Sample:Enabled"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();

        var enabled = services.AddPlatformModules(configuration, [new SampleModule()]);

        enabled.All.ShouldBeEmpty();
        services.ShouldNotContain(d => d.ServiceType == typeof(ModuleDbContextRegistration));
        services.ShouldNotContain(d => d.ImplementationType == typeof(WriteNoteHandler));
    }

    private static IServiceProvider Compose(DatabaseSettings database)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["Database:ConnectionString"] = database.ConnectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPlatformModules(configuration, [new SampleModule()]);
        return services.BuildServiceProvider();
    }
}

public sealed class MigrationTests_on_Sqlite() : MigrationTests(DatabaseProvider.Sqlite);

public sealed class MigrationTests_on_Postgres() : MigrationTests(DatabaseProvider.Postgres);

[NeedsSqlServer]
public sealed class MigrationTests_on_SqlServer() : MigrationTests(DatabaseProvider.SqlServer);
