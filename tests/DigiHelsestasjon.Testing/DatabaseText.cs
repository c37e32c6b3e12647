using System.Text;
using DigiHelsestasjon.BuildingBlocks.Persistence;

namespace DigiHelsestasjon.Testing;

/// <summary>Searches every value of every table of a test database for a text: what a privacy test uses to prove that
/// something was never stored anywhere, in any module.</summary>
public static class DatabaseText
{
    /// <summary>The tables where <paramref name="needle"/> occurs (as text, or as the UTF-8 bytes of a binary value).</summary>
    public static async Task<IReadOnlyList<string>> TablesContainingAsync(TestDatabase database, string needle)
    {
        ArgumentNullException.ThrowIfNull(database);
        var found = new List<string>();
        await using var connection = database.Open();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = database.Provider == DatabaseProvider.Sqlite
                ? "SELECT '\"' || name || '\"' FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                : "SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var bytes = Encoding.UTF8.GetBytes(needle);
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM {table}";
            await using var rows = await select.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                if (Enumerable.Range(0, rows.FieldCount).Any(i => !rows.IsDBNull(i) && Contains(rows.GetValue(i), needle, bytes)))
                {
                    found.Add(table);
                    break;
                }
            }
        }

        return found;
    }

    private static bool Contains(object value, string needle, byte[] bytes) => value switch
    {
        byte[] binary => binary.AsSpan().IndexOf(bytes) >= 0,
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!.Contains(needle, StringComparison.OrdinalIgnoreCase),
    };
}
