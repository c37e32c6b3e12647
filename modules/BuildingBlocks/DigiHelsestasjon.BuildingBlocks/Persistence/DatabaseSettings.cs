using Microsoft.Extensions.Configuration;

namespace DigiHelsestasjon.BuildingBlocks.Persistence;

public enum DatabaseProvider
{
    /// <summary>The embedded default: one file under ./data, no set-up.</summary>
    Sqlite,

    /// <summary>The server deployment.</summary>
    Postgres,

    /// <summary>The original design's server. The schema and every statement are written for it, but no SQL Server engine
    /// runs where the platform is built: see docs/operations.md for what is verified and how.</summary>
    SqlServer,
}

/// <summary><c>Database:Provider</c> (Sqlite | Postgres | SqlServer) and <c>Database:ConnectionString</c>.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string DefaultSqlite = "Data Source=data/digihelsestasjon.db";

    /// <summary>Settings that name a provider and never reach a server: for reading the model and the migrations
    /// (<c>dotnet ef</c>, the pending-model-changes check).</summary>
    public static DatabaseSettings ForDesign(DatabaseProvider provider) => new(provider, provider switch
    {
        DatabaseProvider.Sqlite => "Data Source=:memory:",
        DatabaseProvider.Postgres => "Host=design-time.invalid",
        _ => "Server=design-time.invalid;TrustServerCertificate=true",
    });

    public static DatabaseSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Database");
        var providerText = section["Provider"] ?? nameof(DatabaseProvider.Sqlite);
        if (!Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var provider))
        {
            throw new InvalidOperationException(
                $"Database:Provider '{providerText}' is not supported; use 'Sqlite', 'Postgres' or 'SqlServer'.");
        }

        var connectionString = section["ConnectionString"] ?? configuration.GetConnectionString("Platform");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = provider == DatabaseProvider.Sqlite
                ? DefaultSqlite
                : throw new InvalidOperationException($"Database:Provider is {provider} but Database:ConnectionString is empty.");
        }

        return new DatabaseSettings(provider, connectionString);
    }

    /// <summary>The PostgreSQL connection string with the platform's defaults where the operator set nothing:
    /// a request opens a connection per module context, so a pooled connection is not reset on every
    /// close (the platform keeps no session state) and repeated statements are prepared automatically.</summary>
    public static string WithPostgresDefaults(string connectionString) => PostgresDefaults.GetOrAdd(connectionString, AddPostgresDefaults);

    // Every unit of work opens a connection with it: parse each connection string once, not per request.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> PostgresDefaults = new();

    private static string AddPostgresDefaults(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!HasKey(connectionString, "No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        if (!HasKey(connectionString, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 50;
        }

        return builder.ConnectionString;
    }

    private static bool HasKey(string connectionString, params string[] names) =>
        connectionString.Split(';').Select(part => part.Split('=')[0].Trim()).Any(key => names.Contains(key, StringComparer.OrdinalIgnoreCase));

    /// <summary>Creates the folder of the SQLite file (./data by default) if it is missing.</summary>
    public void EnsureSqliteFolder()
    {
        if (Provider != DatabaseProvider.Sqlite)
        {
            return;
        }

        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString);
        if (builder.DataSource is ":memory:" or "")
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            System.IO.Directory.CreateDirectory(folder);
        }
    }
}
