using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DigiHelsestasjon.BuildingBlocks.Persistence;

/// <summary>Applies every module's migrations (at start-up, or by the host's <c>migrate</c> command)
/// and answers whether the database is ready.</summary>
public sealed class DatabaseMigrator(
    IServiceProvider services, IEnumerable<ModuleDbContextRegistration> registrations, DatabaseSettings database, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            await EnableSqliteWriteAheadLogAsync(cancellationToken);
        }

        await PrepareModelsAsync(cancellationToken);
        foreach (var registration in registrations)
        {
            await using var scope = services.CreateAsyncScope();
            var context = registration.Resolve(scope.ServiceProvider);
            logger.LogInformation("Migrating schema {Schema} to {Latest}", registration.Schema, context.Database.GetMigrations().LastOrDefault());
            await EnsureHistoryTableAsync(context, cancellationToken);
            await RecordBaselineAsync(context, cancellationToken);
            await context.Database.MigrateAsync(cancellationToken);
        }
    }

    /// <summary>Builds every module's EF models on all cores before the migrations run one after the other: on a cold
    /// start building them (and JIT-compiling their code) is most of the migrations' time, the SQL is little.</summary>
    private async Task PrepareModelsAsync(CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(registrations, cancellationToken, async (registration, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            var context = registration.Resolve(scope.ServiceProvider);
            _ = context.Model;
            _ = context.GetService<IDesignTimeModel>().Model;
            _ = context.GetService<IMigrationsAssembly>().Migrations;
        });

    /// <summary>Looks before EF reads the history: on a fresh PostgreSQL database EF would first select from a
    /// <c>__migrations</c> table in a schema that does not exist yet, and log that failed query as an error.</summary>
    private static async Task EnsureHistoryTableAsync(ModuleDbContext context, CancellationToken cancellationToken)
    {
        // PostgreSQL's case only (to_regclass); SQL Server's EF checks the catalog itself.
        if (context.IsSqlite || context.IsSqlServer)
        {
            return;
        }

        // Asked of the catalog: EF's own existence check reads the table and logs the failure.
        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var exists = connection.CreateCommand();
            exists.CommandText = $"SELECT to_regclass('\"{context.Schema}\".\"{ModuleTables.HistoryTable}\"') IS NOT NULL";
            if (await exists.ExecuteScalarAsync(cancellationToken) is true)
            {
                return;
            }

            await using var create = connection.CreateCommand();
            create.CommandText = $"CREATE SCHEMA IF NOT EXISTS \"{context.Schema}\";\n{context.GetService<IHistoryRepository>().GetCreateIfNotExistsScript()}";
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    /// <summary>A database made while the module's migrations were hand-written: its history names none of the generated
    /// ones. If it ends with the last hand-written migration, its tables are what the generated baseline creates (checked
    /// once when the baseline was generated, see ADR 0005), so the baseline is recorded as applied, not run. A history
    /// that stops earlier belongs to an older version: that version's <c>migrate</c> must run first.</summary>
    private async Task RecordBaselineAsync(ModuleDbContext context, CancellationToken cancellationToken)
    {
        var known = context.Database.GetMigrations().ToList();
        var applied = (await context.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
        if (known.Count == 0 || applied.Count == 0 || applied.Any(known.Contains))
        {
            return;
        }

        if (context.IsSqlServer)
        {
            // The hand-written set was never applied to a SQL Server anywhere it could be checked, and EF's SQL Server model
            // differs from what it made (filtered unique indexes on nullable columns): no baseline is assumed there.
            throw new InvalidOperationException(
                $"Schema {context.Schema} on SQL Server was made by the hand-written migrations (before 2026-12-07), which this version does not continue from on SQL Server. Move its data to a database this version creates.");
        }

        var lastHandWritten = context.GetType().GetCustomAttributes(typeof(HandWrittenMigrationsUntilAttribute), inherit: false)
            .Cast<HandWrittenMigrationsUntilAttribute>().SingleOrDefault()?.LastId;
        if (lastHandWritten is null || !applied.Contains(lastHandWritten))
        {
            throw new InvalidOperationException(
                $"Schema {context.Schema} was migrated by a version this one cannot continue from (its last migration is {applied.Max(StringComparer.Ordinal)}"
                + (lastHandWritten is null ? ")." : $", not {lastHandWritten}). Run the migrate command of the version released before 2026-12-07 first, then this one."));
        }

        var history = context.GetService<IHistoryRepository>();
        var baseline = known[0];
        logger.LogInformation("Schema {Schema} was made by hand-written migrations up to {LastHandWritten}; recording {Baseline} as applied", context.Schema, lastHandWritten, baseline);
        try
        {
            await context.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(baseline, ProductInfo.GetVersion())), cancellationToken);
        }
        catch (System.Data.Common.DbException)
        {
            // Another instance starting at the same moment may have recorded it first; anything else is an error.
            if (!(await context.Database.GetAppliedMigrationsAsync(cancellationToken)).Contains(baseline))
            {
                throw;
            }
        }
    }

    /// <summary>Whether the database answers (through the first module's context).</summary>
    public async Task<bool> CanConnectAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        return await registrations.First().Resolve(scope.ServiceProvider).Database.CanConnectAsync(cancellationToken);
    }

    /// <summary>Pending migrations per schema; empty when the database matches the code.</summary>
    public async Task<IReadOnlyDictionary<string, string[]>> PendingAsync(CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<string, string[]>();
        foreach (var registration in registrations)
        {
            await using var scope = services.CreateAsyncScope();
            var context = registration.Resolve(scope.ServiceProvider);
            var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToArray();
            if (pending.Length > 0)
            {
                result[registration.Schema] = pending;
            }
        }

        return result;
    }

    // WAL lets the dispatcher read while a request writes; the busy timeout waits out the rest.
    private async Task EnableSqliteWriteAheadLogAsync(CancellationToken cancellationToken)
    {
        database.EnsureSqliteFolder();
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
