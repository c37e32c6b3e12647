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
        var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (hasUnsavedIntegrationEvents)
        {
            hasUnsavedIntegrationEvents = false;
            UnitOfWork?.EventsSaved();
        }

        return written;
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
