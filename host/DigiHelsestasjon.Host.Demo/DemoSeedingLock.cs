using DigiHelsestasjon.BuildingBlocks.Persistence;
using Npgsql;

namespace DigiHelsestasjon.Host.Demo;

/// <summary>One host at a time provisions the demo data: hosts behind a load balancer start together on one PostgreSQL
/// database, and two provisioning the same municipality at once would both insert it. The seeding's commands are
/// idempotent when they run one after the other, so the second host waits here and then finds everything in place.
/// A session advisory lock on a connection of its own (not pooled: the lock belongs to the session); SQLite and SQL
/// Server hosts do not share a demo database, so they take none.</summary>
internal sealed class DemoSeedingLock : IAsyncDisposable
{
    // Any fixed number; the demo's own, so nothing else in the database waits on it.
    private const long Key = 0x44656d6f5365_6564;

    private readonly NpgsqlConnection? connection;

    private DemoSeedingLock(NpgsqlConnection? connection) => this.connection = connection;

    public static async Task<DemoSeedingLock> TakeAsync(DatabaseSettings database, CancellationToken cancellationToken)
    {
        if (database.Provider != DatabaseProvider.Postgres)
        {
            return new DemoSeedingLock(null);
        }

        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection) { Parameters = { new("key", Key) } };
            await take.ExecuteNonQueryAsync(cancellationToken);
            return new DemoSeedingLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            // Closing the unpooled session releases the lock as well; unlocking first says so plainly.
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection) { Parameters = { new("key", Key) } };
            await release.ExecuteNonQueryAsync();
            await connection.DisposeAsync();
        }
    }
}
