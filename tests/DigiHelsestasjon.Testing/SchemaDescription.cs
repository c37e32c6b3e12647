using System.Data.Common;
using System.Text;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.Testing;

/// <summary>Reads a module's tables, columns, keys and indexes back from the database as text, so
/// a test can prove that the hand-written migrations build exactly what the model describes.</summary>
public static class SchemaDescription
{
    /// <summary>Migrates one fresh database and lets EF create another straight from the model,
    /// then describes both.</summary>
    public static async Task<(string Migrated, string FromModel)> MigratedAndModelAsync(
        DatabaseProvider provider, Func<DatabaseSettings, IServiceProvider> compose, ModuleDbContextRegistration module)
    {
        await using var migratedDb = await TestDatabase.CreateAsync(provider);
        await using var modelDb = await TestDatabase.CreateAsync(provider);

        var migrated = compose(migratedDb.Settings);
        await using (var scope = migrated.CreateAsyncScope())
        {
            await module.Resolve(scope.ServiceProvider).Database.MigrateAsync();
        }

        var model = compose(modelDb.Settings);
        await using (var scope = model.CreateAsyncScope())
        {
            await module.Resolve(scope.ServiceProvider).Database.EnsureCreatedAsync();
        }

        var result = (await DescribeAsync(migratedDb, module.Schema), await DescribeAsync(modelDb, module.Schema));
        await DisposeAsync(migrated);
        await DisposeAsync(model);
        return result;
    }

    public static async Task<string> DescribeAsync(TestDatabase database, string schema)
    {
        await using var connection = database.Open();
        await connection.OpenAsync();
        return database.Provider == DatabaseProvider.Sqlite
            ? await DescribeSqliteAsync(connection, schema)
            : await DescribePostgresAsync(connection, schema);
    }

    private static async Task<string> DescribeSqliteAsync(DbConnection connection, string schema)
    {
        var text = new StringBuilder();
        var tables = await ReadAsync(connection,
            $"SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '{schema}\\_%' ESCAPE '\\' AND name NOT LIKE '%__migrations' ORDER BY name");
        foreach (var table in tables)
        {
            text.AppendLine($"table {table}");
            foreach (var column in await ReadAsync(connection, $"SELECT name || ' ' || type || ' notnull=' || \"notnull\" || ' pk=' || pk FROM pragma_table_info('{table}') ORDER BY name"))
            {
                text.AppendLine($"  column {column}");
            }

            foreach (var fk in await ReadAsync(connection, $"SELECT \"from\" || ' -> ' || \"table\" || '.' || \"to\" || ' on delete ' || on_delete FROM pragma_foreign_key_list('{table}') ORDER BY \"from\""))
            {
                text.AppendLine($"  fk {fk}");
            }

            foreach (var index in await ReadAsync(connection, $"SELECT name || ' unique=' || \"unique\" FROM pragma_index_list('{table}') WHERE origin = 'c' ORDER BY name"))
            {
                var name = index.Split(' ')[0];
                var columns = await ReadAsync(connection, $"SELECT name FROM pragma_index_info('{name}') ORDER BY seqno");
                var sql = (await ReadAsync(connection, $"SELECT sql FROM sqlite_master WHERE type = 'index' AND name = '{name}'")).Single();
                var where = sql.Contains(" WHERE ", StringComparison.Ordinal) ? sql[sql.IndexOf(" WHERE ", StringComparison.Ordinal)..] : "";
                text.AppendLine($"  index {index} ({string.Join(", ", columns)}){where}");
            }
        }

        return text.ToString();
    }

    private static async Task<string> DescribePostgresAsync(DbConnection connection, string schema)
    {
        var text = new StringBuilder();
        var tables = await ReadAsync(connection,
            $"SELECT table_name FROM information_schema.tables WHERE table_schema = '{schema}' AND table_name <> '__migrations' ORDER BY table_name");
        foreach (var table in tables)
        {
            text.AppendLine($"table {table}");
            foreach (var column in await ReadAsync(connection, $"""
                SELECT column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '') || ' nullable=' || is_nullable
                       || ' default=' || coalesce(column_default, '-') || ' identity=' || is_identity
                FROM information_schema.columns WHERE table_schema = '{schema}' AND table_name = '{table}' ORDER BY column_name
                """))
            {
                text.AppendLine($"  column {column}");
            }

            foreach (var constraint in await ReadAsync(connection, $"""
                SELECT conname || ' ' || pg_get_constraintdef(c.oid) FROM pg_constraint c
                JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = '{schema}' AND t.relname = '{table}' ORDER BY conname
                """))
            {
                text.AppendLine($"  constraint {constraint}");
            }

            foreach (var index in await ReadAsync(connection, $"SELECT indexdef FROM pg_indexes WHERE schemaname = '{schema}' AND tablename = '{table}' ORDER BY indexname"))
            {
                text.AppendLine($"  index {index}");
            }
        }

        return text.ToString();
    }

    private static async Task<List<string>> ReadAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static async Task DisposeAsync(IServiceProvider services)
    {
        if (services is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}
