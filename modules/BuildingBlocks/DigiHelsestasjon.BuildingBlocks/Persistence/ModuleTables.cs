namespace DigiHelsestasjon.BuildingBlocks.Persistence;

/// <summary>Names every module's tables follow: a schema on PostgreSQL and SQL Server, a prefix on SQLite (which has no
/// schemas), and the history table of each schema's generated migrations.</summary>
public static class ModuleTables
{
    public const string HistoryTable = "__migrations";

    public static string SqliteName(string schema, string table) => $"{schema}_{table}";
}
