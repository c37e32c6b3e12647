using System.Text.RegularExpressions;
using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>No SQL Server engine runs where the platform is built (no Docker, no Debian package), so what can be checked
/// without one is checked here: every module's migrations, scripted by EF's SQL Server provider, create every table of
/// the module's model with types SQL Server accepts for its keys and indexes, and the queues claim in SQL Server's form.</summary>
public sealed partial class SqlServerScriptTests
{
    // Never opened: scripting needs the provider, not a server.
    private static readonly DatabaseSettings SqlServer = DatabaseSettings.ForDesign(DatabaseProvider.SqlServer);

    public static TheoryData<string> Schemas() => new(Registrations().Select(r => r.Schema));

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Given_SQL_Server_When_a_modules_migrations_are_scripted_Then_every_table_of_its_model_is_created_and_no_key_or_index_is_an_unbounded_string(string schema)
    {
        using var services = Compose();
        using var scope = services.CreateScope();
        var context = Registrations(services).Single(r => r.Schema == schema).Resolve(scope.ServiceProvider);

        var script = context.GetService<IMigrator>().GenerateScript();
        var columns = ColumnTypes(script);

        foreach (var entity in context.Model.GetEntityTypes().Where(e => e.GetTableName() is not null))
        {
            var table = $"[{entity.GetSchema()}].[{entity.GetTableName()}]";
            script.ShouldContain($"CREATE TABLE {table}", customMessage: $"the script creates {table}");
            var indexed = entity.GetKeys().SelectMany(k => k.Properties).Concat(entity.GetIndexes().SelectMany(i => i.Properties)).Distinct();
            foreach (var property in indexed.Where(p => p.ClrType == typeof(string)))
            {
                var column = property.GetColumnName();
                columns.TryGetValue((table, column), out var type).ShouldBeTrue($"{table}.{column} is in the script");
                type.ShouldNotBe("nvarchar(max)", $"{table}.{column} is a key or index column: SQL Server cannot index nvarchar(max) (give it a maximum length)");
            }
        }
    }

    [Fact]
    public void Given_SQL_Server_When_a_work_queue_claims_Then_the_statement_locks_the_rows_it_takes_and_passes_over_rows_others_hold()
    {
        using var services = Compose();
        using var scope = services.CreateScope();
        var context = Registrations(services).First().Resolve(scope.ServiceProvider);
        var columns = new QueueTable(nameof(OutboxMessage.Id), nameof(OutboxMessage.NextAttemptAt), nameof(OutboxMessage.LockedBy), nameof(OutboxMessage.LockedUntil), "processed_at IS NULL");

        var (sql, _) = DurableClaim.ClaimSql<OutboxMessage>(context, columns);

        sql.ShouldContain("WITH (UPDLOCK, READPAST, ROWLOCK)");
        sql.ShouldContain("SELECT TOP ({3})");
        sql.ShouldContain("OUTPUT inserted.*");
        sql.ShouldNotContain("SKIP LOCKED");
        sql.ShouldNotContain("RETURNING");
        sql.ShouldNotContain("LIMIT");
    }

    /// <summary>(table, column) to its type, from CREATE TABLE and ALTER TABLE ... ADD in the script.</summary>
    private static Dictionary<(string Table, string Column), string> ColumnTypes(string script)
    {
        var types = new Dictionary<(string, string), string>();
        foreach (Match create in CreateTable().Matches(script))
        {
            foreach (Match column in ColumnLine().Matches(create.Groups["body"].Value))
            {
                types[(create.Groups["table"].Value, column.Groups["column"].Value)] = column.Groups["type"].Value;
            }
        }

        foreach (Match added in AddColumn().Matches(script))
        {
            types[(added.Groups["table"].Value, added.Groups["column"].Value)] = added.Groups["type"].Value;
        }

        return types;
    }

    // The body ends at the first closing line, indented or not (the history table is created indented inside IF ... BEGIN).
    [GeneratedRegex(@"CREATE TABLE (?<table>\[[^\]]+\]\.\[[^\]]+\]) \((?<body>.*?)\n\s*\);", RegexOptions.Singleline)]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"^\s+\[(?<column>[^\]]+)\] (?<type>[a-z0-9]+(\([^)]*\))?)", RegexOptions.Multiline)]
    private static partial Regex ColumnLine();

    [GeneratedRegex(@"ALTER TABLE (?<table>\[[^\]]+\]\.\[[^\]]+\]) ADD \[(?<column>[^\]]+)\] (?<type>[a-z0-9]+(\([^)]*\))?)")]
    private static partial Regex AddColumn();

    private static IEnumerable<ModuleDbContextRegistration> Registrations(IServiceProvider? services = null)
    {
        using var own = services is null ? Compose() : null;
        return (services ?? own!).GetServices<ModuleDbContextRegistration>().ToList();
    }

    private static ServiceProvider Compose()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = SqlServer.Provider.ToString(),
            ["Database:ConnectionString"] = SqlServer.ConnectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddPlatformModules(configuration, ModuleRegistry.All);
        return services.BuildServiceProvider();
    }
}
