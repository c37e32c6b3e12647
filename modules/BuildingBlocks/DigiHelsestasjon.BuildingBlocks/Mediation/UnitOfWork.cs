using System.Data.Common;
using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DigiHelsestasjon.BuildingBlocks.Mediation;

/// <summary>The unit of work of one DI scope (a request, an event's handling). Every module's DbContext in the
/// scope shares one database connection, so the outermost command commits all modules' changes, outbox rows
/// included, in one transaction or none. Nested commands join it; only the outermost commits; if any command
/// in it fails, nothing is saved, even if an outer handler caught the failure.</summary>
public sealed class UnitOfWork(DatabaseSettings database, OutboxSignal? signal = null) : IAsyncDisposable, IDisposable
{
    private readonly List<ModuleDbContext> contexts = [];
    private readonly List<Action> afterCommit = [];
    private DbConnection? connection;
    private DbTransaction? transaction;
    private int depth;
    private bool failed;
    private bool eventsSaved;

    /// <summary>True while a command runs in this scope.</summary>
    public bool IsActive => depth > 0;

    /// <summary>Changes what lives outside the database (a cache, a map in memory) only once the command's changes are
    /// committed: a command that fails or is refused must leave it as it was. Outside a command it runs at once.</summary>
    public void AfterCommit(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (depth == 0)
        {
            action();
        }
        else
        {
            afterCommit.Add(action);
        }
    }

    private SemaphoreSlim? writeGate;

    private DbConnection Connection => connection ??= database.Provider switch
    {
        DatabaseProvider.Sqlite => new TunedSqliteConnection(database.ConnectionString),
        DatabaseProvider.SqlServer => new Microsoft.Data.SqlClient.SqlConnection(database.ConnectionString),
        _ => new NpgsqlConnection(DatabaseSettings.WithPostgresDefaults(database.ConnectionString)),
    };

    /// <summary>Runs one piece of work - a command, an integration event's handling, a queue item - as this scope's unit:
    /// the outermost call owns the transaction and commits (or rolls back) when the work returns; a nested call joins it.
    /// The work runs once: a row that two requests may create first is inserted where that can happen
    /// (<see cref="ModuleDbContext.InsertIfAbsentAsync{T}"/>), never by running the work again.</summary>
    public async Task<T> ExecuteAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (depth > 0)
        {
            return await RunNestedAsync(work);
        }

        depth = 1;
        var queryOutside = queryDepth;
        queryDepth = 0;
        try
        {
            var result = await work();
            if (failed)
            {
                throw new InvalidOperationException("A command nested in this one failed, so nothing of it was saved.");
            }

            await CommitAsync(cancellationToken);
            foreach (var action in afterCommit)
            {
                action();
            }

            return result;
        }
        catch
        {
            await RollbackAsync();
            throw;
        }
        finally
        {
            depth = 0;
            queryDepth = queryOutside;
            failed = false;
            afterCommit.Clear();
        }
    }

    private int queryDepth;

    /// <summary>True while a query's own handler runs (a command it sends is a unit of its own).</summary>
    internal bool InQuery => queryDepth > 0;

    /// <summary>Runs a query's handler: it may read, never write. A write statement is refused as it is sent
    /// (<see cref="QueryWriteGuard"/>), a change left tracked for a later commit when the handler returns.</summary>
    public async Task<T> QueryAsync<T>(string name, Func<Task<T>> query)
    {
        ArgumentNullException.ThrowIfNull(query);

        // Tracked changes are compared for a query sent on its own only (an endpoint's read): inside a command, its commit
        // would save them anyway, and counting a command's tracked rows on every nested look-up costs more than it finds.
        var outermost = depth == 0 && queryDepth == 0;
        var pendingBefore = outermost ? PendingChanges() : 0;
        queryDepth++;
        try
        {
            var result = await query();
            if (outermost && PendingChanges() != pendingBefore)
            {
                throw new InvalidOperationException($"The query {name} changed tracked rows: a query writes nothing; make it a command (ICommand).");
            }

            return result;
        }
        finally
        {
            queryDepth--;
        }
    }

    private int PendingChanges() =>
        contexts.Sum(c => c.ChangeTracker.Entries().Count(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted));

    /// <summary>The same for work that answers nothing.</summary>
    public Task ExecuteAsync(Func<Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return ExecuteAsync(
            async () =>
            {
                await work();
                return true;
            },
            cancellationToken);
    }

    private async Task<T> RunNestedAsync<T>(Func<Task<T>> command)
    {
        depth++;
        var queryOutside = queryDepth;
        queryDepth = 0;
        try
        {
            return await command();
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            depth--;
            queryDepth = queryOutside;
        }
    }

    internal static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555, // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.SqlClient.SqlException sqlServer => sqlServer.Number is 2601 or 2627, // duplicate key in a unique index, or a key constraint
        _ => false,
    };

    /// <summary>True only while this unit saves: a context saved from anywhere else is refused (one way to commit).</summary>
    internal bool IsSaving { get; private set; }

    /// <summary>Saves one context now, inside the unit's transaction (EF sets a savepoint first, so a failed save
    /// leaves the transaction usable).</summary>
    internal async Task SaveNowAsync(ModuleDbContext context, CancellationToken cancellationToken)
    {
        await JoinTransactionAsync(cancellationToken);
        await SaveAsync(context, cancellationToken);
    }

    private async Task SaveAsync(ModuleDbContext context, CancellationToken cancellationToken)
    {
        IsSaving = true;
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            IsSaving = false;
        }
    }

    /// <summary>For a handler that must run SQL at once (a conditional update) inside the command's transaction:
    /// begins the unit's transaction if it has none. The outermost command still decides commit or rollback.</summary>
    public async Task JoinTransactionAsync(CancellationToken cancellationToken)
    {
        if (depth == 0)
        {
            throw new InvalidOperationException("A transaction belongs to a unit of work: send a command (ICommand) or run the work in UnitOfWork.ExecuteAsync.");
        }

        if (transaction is null)
        {
            if (Connection.State != System.Data.ConnectionState.Open)
            {
                await Connection.OpenAsync(cancellationToken);
            }

            if (database.Provider == DatabaseProvider.Sqlite)
            {
                // One writer at a time: the transaction begins IMMEDIATE (it takes SQLite's write lock), so queue for it here.
                writeGate = await SqliteTuning.EnterWriteAsync(database.ConnectionString, cancellationToken);
            }

            try
            {
                transaction = await Connection.BeginTransactionAsync(cancellationToken);
            }
            catch
            {
                ReleaseWriteGate();
                throw;
            }

            foreach (var context in contexts)
            {
                await context.Database.UseTransactionAsync(transaction, cancellationToken);
            }
        }
    }

    internal void Enlist(ModuleDbContext context)
    {
        context.Database.SetDbConnection(Connection, contextOwnsConnection: false);
        if (transaction is not null)
        {
            context.Database.UseTransaction(transaction);
        }

        context.UnitOfWork = this;
        contexts.Add(context);
        UnitTelemetry.Enlisted(context);
    }

    /// <summary>A save wrote integration events: wake the outbox worker, but only once they are committed.</summary>
    internal void EventsSaved()
    {
        if (transaction is null)
        {
            signal?.Notify();
        }
        else
        {
            eventsSaved = true;
        }
    }

    private async Task CommitAsync(CancellationToken cancellationToken)
    {
        var changed = contexts.Where(c => c.ChangeTracker.HasChanges()).ToList();
        if (changed.Count == 0 && transaction is null)
        {
            return;
        }

        // On SQLite even one module's save goes through the unit's transaction, so it queues at the write gate.
        if (transaction is null && changed.Count == 1 && database.Provider != DatabaseProvider.Sqlite)
        {
            // One module changed: its own SaveChanges is already one transaction.
            foreach (var context in changed)
            {
                await SaveAsync(context, cancellationToken);
            }

            UnitTelemetry.Committed(changed);
            return;
        }

        await JoinTransactionAsync(cancellationToken);
        foreach (var context in changed)
        {
            await SaveAsync(context, cancellationToken);
        }

        await transaction!.CommitAsync(cancellationToken);
        await EndTransactionAsync();
        UnitTelemetry.Committed(changed);
        if (eventsSaved)
        {
            eventsSaved = false;
            signal?.Notify();
        }
    }

    private async Task RollbackAsync()
    {
        eventsSaved = false;
        if (transaction is not null)
        {
            await transaction.RollbackAsync();
            await EndTransactionAsync();
        }

        // What the failed command tracked must not be saved by a later command in the same scope.
        foreach (var context in contexts)
        {
            context.ChangeTracker.Clear();
        }
    }

    private async Task EndTransactionAsync()
    {
        foreach (var context in contexts)
        {
            await context.Database.UseTransactionAsync(null);
        }

        await transaction!.DisposeAsync();
        transaction = null;
        ReleaseWriteGate();
    }

    private void ReleaseWriteGate()
    {
        writeGate?.Release();
        writeGate = null;
    }

    /// <summary>For a scope disposed synchronously (ASP.NET Core's data-protection key store disposes its scope so).</summary>
    public void Dispose()
    {
        transaction?.Dispose();
        transaction = null;
        ReleaseWriteGate();
        connection?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (transaction is not null)
        {
            await transaction.DisposeAsync();
            transaction = null;
        }

        ReleaseWriteGate();

        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }
}
