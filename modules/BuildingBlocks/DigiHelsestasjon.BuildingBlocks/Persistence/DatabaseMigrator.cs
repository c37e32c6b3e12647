using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
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

        foreach (var registration in registrations)
        {
            await using var scope = services.CreateAsyncScope();
            var context = registration.Resolve(scope.ServiceProvider);
            // MigrateAsync creates the history table itself; asking for pending migrations first
            // would log a failed query on a fresh PostgreSQL database.
            logger.LogInformation("Migrating schema {Schema} to {Latest}", registration.Schema, context.Database.GetMigrations().LastOrDefault());
            await context.Database.MigrateAsync(cancellationToken);
        }
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
