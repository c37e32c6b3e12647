using Microsoft.Extensions.Configuration;

namespace DigiHelsestasjon.BuildingBlocks.Persistence;

public enum DatabaseProvider
{
    /// <summary>The embedded default: one file under ./data, no set-up.</summary>
    Sqlite,

    /// <summary>The server deployment.</summary>
    Postgres,
}

/// <summary><c>Database:Provider</c> (Sqlite | Postgres) and <c>Database:ConnectionString</c>.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string DefaultSqlite = "Data Source=data/digihelsestasjon.db";

    public static DatabaseSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Database");
        var providerText = section["Provider"] ?? nameof(DatabaseProvider.Sqlite);
        if (!Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var provider))
        {
            throw new InvalidOperationException(
                $"Database:Provider '{providerText}' is not supported; use 'Sqlite' or 'Postgres'.");
        }

        var connectionString = section["ConnectionString"] ?? configuration.GetConnectionString("Platform");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = provider == DatabaseProvider.Sqlite
                ? DefaultSqlite
                : throw new InvalidOperationException("Database:Provider is Postgres but Database:ConnectionString is empty.");
        }

        return new DatabaseSettings(provider, connectionString);
    }

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
