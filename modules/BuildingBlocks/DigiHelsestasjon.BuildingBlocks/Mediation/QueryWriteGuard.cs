using System.Data.Common;
using System.Text.RegularExpressions;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DigiHelsestasjon.BuildingBlocks.Mediation;

/// <summary>Refuses a write statement sent while a query's handler runs, before it reaches the database: a query that
/// writes would commit half a unit of work, or nothing, depending on what the caller sends next.</summary>
internal sealed partial class QueryWriteGuard : DbCommandInterceptor
{
    public static readonly QueryWriteGuard Instance = new();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Check(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Check(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Check(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Check(command, eventData);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbCommand command, CommandEventData eventData)
    {
        if (eventData.Context is ModuleDbContext { UnitOfWork.InQuery: true } context && WriteStatement().IsMatch(Comments().Replace(command.CommandText, " ")))
        {
            throw new InvalidOperationException($"A query wrote to {context.Schema}: a query writes nothing; make it a command (ICommand).");
        }
    }

    // A statement that changes rows: at the start of the text or after a semicolon (SQL Server's SaveChanges begins with SET),
    // or the body of a common table expression (PostgreSQL's WITH ... UPDATE), or one that empties or calls (TRUNCATE, EXEC, CALL).
    [GeneratedRegex(@"(?:^|;)\s*(?:INSERT|UPDATE|DELETE|MERGE|TRUNCATE|EXEC|EXECUTE|CALL)\b|\bAS\s*\(\s*(?:INSERT|UPDATE|DELETE)\b|\)\s*(?:INSERT|UPDATE|DELETE|MERGE)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WriteStatement();

    // Comments (EF's TagWith writes them first), so a write behind one is still seen.
    [GeneratedRegex(@"--[^\n]*|/\*[\s\S]*?\*/", RegexOptions.CultureInvariant)]
    private static partial Regex Comments();
}
