using Microsoft.EntityFrameworkCore.Migrations;

namespace DigiHelsestasjon.BuildingBlocks.Persistence;

/// <summary>Names for hand-written, provider-neutral migrations: a schema on PostgreSQL, a
/// prefix on SQLite. Migrations leave column types out so each provider maps the CLR type.</summary>
public static class ModuleTables
{
    public const string HistoryTable = "__migrations";

    public static string SqliteName(string schema, string table) => $"{schema}_{table}";

    public static bool IsSqlite(this MigrationBuilder migrationBuilder) =>
        migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite";

    /// <summary>The table's name for the active provider.</summary>
    public static string Table(this MigrationBuilder migrationBuilder, string schema, string table) =>
        migrationBuilder.IsSqlite() ? SqliteName(schema, table) : table;

    /// <summary>The schema for the active provider (null on SQLite).</summary>
    public static string? Schema(this MigrationBuilder migrationBuilder, string schema) =>
        migrationBuilder.IsSqlite() ? null : schema;

    public static void EnsureModuleSchema(this MigrationBuilder migrationBuilder, string schema)
    {
        if (!migrationBuilder.IsSqlite())
        {
            migrationBuilder.EnsureSchema(schema);
        }
    }
}
