using System.Data.Common;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DigiHelsestasjon.Testing;

/// <summary>A database of its own for one test class, on SQLite (a fresh file), PostgreSQL (a fresh database on the
/// server named by DIGIHELSESTASJON_TEST_POSTGRES) or SQL Server (a fresh database on the server named by
/// DIGIHELSESTASJON_TEST_SQLSERVER, when one is named). Dropped at the end.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "DIGIHELSESTASJON_TEST_POSTGRES";

    private readonly string? postgresName;
    private string? sqlServerName;
    private Respawn.Respawner? respawner;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        this.postgresName = postgresName;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public DatabaseSettings Settings => new(Provider, ConnectionString);

    /// <summary>Wraps a database someone else owns (it is not dropped on dispose).</summary>
    public static TestDatabase Existing(DatabaseSettings settings) => new(settings.Provider, settings.ConnectionString, null) { owned = false };

    private bool owned = true;

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "digihelsestasjon-tests");
            System.IO.Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, $"{Guid.NewGuid():N}.db");
            return new TestDatabase(provider, $"Data Source={file};Pooling=False", null);
        }

        if (provider == DatabaseProvider.SqlServer)
        {
            return await CreateSqlServerAsync();
        }

        var name = $"digi_t_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(PostgresServer))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name, MaxPoolSize = 40 };
        return new TestDatabase(provider, builder.ConnectionString, name);
    }

    /// <summary>The server's connection string. Without it, PostgreSQL tests fail: every test
    /// must also run on PostgreSQL (./build.sh test and .ci/run start one).</summary>
    public static string PostgresServer =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{PostgresVariable} is not set. Run the tests with ./build.sh test (it starts PostgreSQL), or set it to a server where the role may create databases.");

    private static async Task<TestDatabase> CreateSqlServerAsync()
    {
        var name = $"digi_t_{Guid.NewGuid():N}";
        await using (var admin = new Microsoft.Data.SqlClient.SqlConnection(SqlServerTests.Server))
        {
            await admin.OpenAsync();
            await using var create = admin.CreateCommand();
            create.CommandText = $"CREATE DATABASE [{name}]";
            await create.ExecuteNonQueryAsync();
        }

        var builder = new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(SqlServerTests.Server) { InitialCatalog = name };
        return new TestDatabase(DatabaseProvider.SqlServer, builder.ConnectionString, null) { sqlServerName = name };
    }

    /// <summary>Empties every module table (not the migration history), keeping the schema.</summary>
    public async Task ResetAsync()
    {
        if (Provider == DatabaseProvider.SqlServer)
        {
            // SQL Server has no TRUNCATE ... CASCADE: Respawn deletes in the order the foreign keys allow.
            await using var sqlServer = Open();
            await sqlServer.OpenAsync();
            respawner ??= await Respawn.Respawner.CreateAsync(sqlServer, new Respawn.RespawnerOptions
            {
                DbAdapter = Respawn.DbAdapter.SqlServer,
                TablesToIgnore = [new Respawn.Graph.Table(ModuleTables.HistoryTable)],
            });
            await respawner.ResetAsync(sqlServer);
            return;
        }

        await using var connection = Open();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = Provider == DatabaseProvider.Sqlite
                ? "SELECT '\"' || name || '\"' FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%__migrations'"
                : "SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema', 'public') AND table_name <> '__migrations'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        if (tables.Count == 0)
        {
            return;
        }

        await using var clear = connection.CreateCommand();
        clear.CommandText = Provider == DatabaseProvider.Sqlite
            ? string.Concat(tables.Select(t => $"DELETE FROM {t};"))
            : $"TRUNCATE {string.Join(", ", tables)} CASCADE";
        await clear.ExecuteNonQueryAsync();
    }

    public DbConnection Open() => Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteConnection(ConnectionString),
        DatabaseProvider.SqlServer => new Microsoft.Data.SqlClient.SqlConnection(ConnectionString),
        _ => new NpgsqlConnection(ConnectionString),
    };

    public async ValueTask DisposeAsync()
    {
        if (!owned)
        {
            return;
        }

        if (sqlServerName is not null)
        {
            Microsoft.Data.SqlClient.SqlConnection.ClearAllPools();
            await using var admin = new Microsoft.Data.SqlClient.SqlConnection(SqlServerTests.Server);
            await admin.OpenAsync();
            await using var drop = admin.CreateCommand();
            drop.CommandText = $"ALTER DATABASE [{sqlServerName}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{sqlServerName}]";
            await drop.ExecuteNonQueryAsync();
            return;
        }

        if (postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(PostgresServer);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{postgresName}\" WITH (FORCE)", admin);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await drop.ExecuteNonQueryAsync();
                    return;
                }
                catch (PostgresException busy) when (busy.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
                {
                    // The server's autovacuum worker is in the database; only a superuser may stop it, and it
                    // finishes on its own. Wait for it; if it takes too long, leave the test database behind
                    // rather than fail a test over its clean-up.
                    if (attempt == 25)
                    {
                        return;
                    }

                    await Task.Delay(200);
                }
            }
        }
        else
        {
            var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                if (File.Exists(path))
                {
                    File.Delete(path);
                }
            }
        }
    }
}
