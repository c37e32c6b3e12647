using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DigiHelsestasjon.BuildingBlocks.Persistence;

/// <summary>One row inserted with <c>INSERT ... ON CONFLICT DO NOTHING</c> (PostgreSQL and SQLite), written from EF's model:
/// one statement, no savepoint, no exception to catch when the key is taken. A concurrent insert of the same key waits for the
/// other transaction and then does nothing if it committed, so the statement itself says who created the row first.</summary>
internal static class ConflictFreeInsert
{
    /// <summary>True if inserted, false if a row with the same key (primary or unique) was there, null if this row cannot be
    /// written so (SQL Server has no such clause; a value the database generates; owned or complex parts).</summary>
    public static async Task<bool?> TryAsync(ModuleDbContext db, object entity, CancellationToken cancellationToken)
    {
        if (db.IsSqlServer || db.Model.FindEntityType(entity.GetType()) is not { } type || !Writable(type))
        {
            return null;
        }

        var entry = db.Entry(entity);
        entry.State = EntityState.Added; // EF's client-side generators fill the key (a Guid), as for any Add.
        if (entry.Properties.Any(p => p.IsTemporary))
        {
            entry.State = EntityState.Detached;
            return null;
        }

        var (sql, parameters) = Statement(db, entry);
        entry.State = EntityState.Detached;
        var inserted = await db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken) == 1;
        if (inserted)
        {
            // Tracked as written, so a later change to it is saved as an update with the unit.
            entry.State = EntityState.Unchanged;
        }

        return inserted;
    }

    private static bool Writable(IEntityType type) =>
        type.GetTableName() is not null
        && !type.GetComplexProperties().Any()
        && !type.GetNavigations().Any(n => n.TargetEntityType.IsOwned());

    private static (string Sql, DbParameter[] Parameters) Statement(ModuleDbContext db, EntityEntry entry)
    {
        var type = entry.Metadata;
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var names = db.GetService<ISqlGenerationHelper>();
        using var command = db.Database.GetDbConnection().CreateCommand();
        var columns = new List<string>();
        var parameters = new List<DbParameter>();
        foreach (var property in entry.Properties)
        {
            if (property.Metadata.GetColumnName(table) is not { } column)
            {
                continue;
            }

            var name = $"p{parameters.Count}";
            columns.Add(names.DelimitIdentifier(column));
            // The property's own mapping converts the value as a save would (UTC times, enums as text).
            parameters.Add(property.Metadata.GetRelationalTypeMapping().CreateParameter(command, name, property.CurrentValue, property.Metadata.IsNullable));
        }

        var sql = $"INSERT INTO {names.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns)}) "
            + $"VALUES ({string.Join(", ", parameters.Select(p => "@" + p.ParameterName))}) ON CONFLICT DO NOTHING";
        return (sql, [.. parameters]);
    }
}
