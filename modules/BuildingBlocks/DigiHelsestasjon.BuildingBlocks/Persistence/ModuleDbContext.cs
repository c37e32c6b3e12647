using DigiHelsestasjon.BuildingBlocks.Contracts;
using DigiHelsestasjon.BuildingBlocks.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DigiHelsestasjon.BuildingBlocks.Persistence;

/// <summary>Base of every module's DbContext: its own schema (a table prefix on SQLite, which
/// has no schemas), its own outbox and inbox, UTC times on every provider.</summary>
public abstract class ModuleDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>The module's schema, lower case, for example <c>calendar</c>.</summary>
    public abstract string Schema { get; }

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<InboxMessage> Inbox => Set<InboxMessage>();

    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    public bool IsSqlServer => Database.ProviderName == "Microsoft.EntityFrameworkCore.SqlServer";

    /// <summary>The table of an entity as raw SQL names it: <c>"schema"."table"</c>, or <c>"prefix_table"</c> on SQLite.
    /// Double quotes are standard SQL; SQL Server reads them so too (QUOTED_IDENTIFIER is on for every client).</summary>
    public string QualifiedTable(Microsoft.EntityFrameworkCore.Metadata.IEntityType entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return IsSqlite ? $"\"{entity.GetTableName()}\"" : $"\"{entity.GetSchema()}\".\"{entity.GetTableName()}\"";
    }

    /// <summary>Writes the event to this module's outbox; it is published only if the same
    /// SaveChanges commits.</summary>
    public void AddIntegrationEvent(IIntegrationEvent integrationEvent)
    {
        var clock = Clock ?? throw new InvalidOperationException($"{GetType().Name} has no clock: resolve it from a DI scope (AddModuleDbContext sets one).");
        Outbox.Add(OutboxMessage.From(integrationEvent, clock.GetUtcNow()));
        hasUnsavedIntegrationEvents = true;
    }

    private bool hasUnsavedIntegrationEvents;

    /// <summary>Forgets the events added since the last save, for a save that failed and is done differently.</summary>
    public void DiscardUnsavedIntegrationEvents()
    {
        foreach (var entry in ChangeTracker.Entries<OutboxMessage>().Where(e => e.State == EntityState.Added).ToList())
        {
            entry.State = EntityState.Detached;
        }

        hasUnsavedIntegrationEvents = false;
    }

    /// <summary>The platform's clock, set when the scope hands out the context (pooled contexts are
    /// created by EF, which cannot inject it).</summary>
    internal TimeProvider? Clock { get; set; }

    /// <summary>The scope's unit of work (set when the scope hands out the context).</summary>
    internal Mediation.UnitOfWork? UnitOfWork { get; set; }

    /// <summary>Only a save that wrote integration events wakes the outbox worker, so a save that only writes an
    /// access-log row costs no outbox poll.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseSaveOutsideTheUnit();
        var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (hasUnsavedIntegrationEvents)
        {
            hasUnsavedIntegrationEvents = false;
            UnitOfWork?.EventsSaved();
        }

        return written;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseSaveOutsideTheUnit();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>One way to commit: a context from a scope is saved by its unit of work only (a command, an event's
    /// handling, a queue item), so no handler commits half of what its unit does.</summary>
    private void RefuseSaveOutsideTheUnit()
    {
        if (UnitOfWork is { IsSaving: false } && !SavesOnItsOwn())
        {
            throw new InvalidOperationException(
                $"{GetType().Name} is saved by its unit of work: send a command (ICommand) or run the work in UnitOfWork.ExecuteAsync, and insert a row that a concurrent request may create first with InsertIfAbsentAsync.");
        }
    }

    /// <summary>A library's own store that saves a context it was given (ASP.NET Core's data-protection key ring): what it
    /// changed is its own unit, and nothing else may ride along.</summary>
    protected virtual bool SavesOnItsOwn() => false;

    /// <summary>Saves what the unit's work changed so far, now, inside the unit's transaction (after a savepoint, so a failed
    /// save can be handled and the work go on); the unit still commits or rolls back all of it.</summary>
    public Task SaveNowAsync(CancellationToken cancellationToken) =>
        (UnitOfWork ?? throw new InvalidOperationException($"{GetType().Name} was not resolved from a scope.")).SaveNowAsync(this, cancellationToken);

    /// <summary>Inserts the row now, inside the unit's transaction, unless a row with the same key (primary or unique)
    /// is there: then false, and the caller reads the row that is there. Where two requests can create the same row
    /// first (a person first seen, an inbox entry, an idempotency key) the statement says so, instead of the work
    /// being run again: <c>ON CONFLICT DO NOTHING</c> on PostgreSQL and SQLite (<see cref="ConflictFreeInsert"/>); on SQL
    /// Server a plain insert whose unique violation rolls back to a savepoint only, so the unit goes on.</summary>
    public async Task<bool> InsertIfAbsentAsync<T>(T entity, CancellationToken cancellationToken)
        where T : class
    {
        var unit = UnitOfWork ?? throw new InvalidOperationException($"{GetType().Name} was not resolved from a scope.");

        // What the work added before is written first, in its order (a row this one refers to, say).
        if (ChangeTracker.HasChanges())
        {
            await unit.SaveNowAsync(this, cancellationToken);
        }
        else
        {
            await unit.JoinTransactionAsync(cancellationToken);
        }

        if (await ConflictFreeInsert.TryAsync(this, entity, cancellationToken) is { } inserted)
        {
            return inserted;
        }

        var entry = Add(entity);
        try
        {
            await unit.SaveNowAsync(this, cancellationToken);
            return true;
        }
        catch (DbUpdateException exception) when (Mediation.UnitOfWork.IsUniqueViolation(exception))
        {
            entry.State = EntityState.Detached;
            return false;
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Persist UTC DateTime everywhere: SQLite cannot order or compare DateTimeOffset,
        // and PostgreSQL's timestamptz wants UTC. The API layer speaks DateTimeOffset.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        if (!IsSqlite)
        {
            modelBuilder.HasDefaultSchema(Schema);
        }

        modelBuilder.ApplyConfiguration(new OutboxMessageConfiguration());
        modelBuilder.ApplyConfiguration(new InboxMessageConfiguration());
        ConfigureModule(modelBuilder);

        if (IsSqlite)
        {
            foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => e.GetTableName() is not null))
            {
                entity.SetTableName(ModuleTables.SqliteName(Schema, entity.GetTableName()!));
            }
        }
    }

    /// <summary>The module's own mappings. Table names without prefix; the base adds schema or prefix.</summary>
    protected abstract void ConfigureModule(ModelBuilder modelBuilder);

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v == null ? v : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
        v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
}
