using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace DigiHelsestasjon.BuildingBlocks.Persistence;

/// <summary>A module's assembly holds one set of generated migrations per provider, each with its own model snapshot, in
/// <c>Persistence/Migrations/{Sqlite,Postgres,SqlServer}</c>: the SQL differs (a table prefix on SQLite, a schema on the
/// others; each provider's types). EF's own lookup would see all three sets as one; this one shows EF, and <c>dotnet ef</c>,
/// only the set of the provider in use, told apart by the last part of the namespace.</summary>
public sealed class ProviderMigrationsAssembly(ICurrentDbContext currentContext, IDatabaseProvider databaseProvider, IMigrationsIdGenerator idGenerator)
    : IMigrationsAssembly
{
    private readonly Type contextType = currentContext.Context.GetType();
    private IReadOnlyDictionary<string, TypeInfo>? migrations;
    private ModelSnapshot? modelSnapshot;

    /// <summary>The folder (and namespace suffix) of a provider's migrations.</summary>
    public static string FolderOf(string providerName) => providerName switch
    {
        "Microsoft.EntityFrameworkCore.Sqlite" => nameof(DatabaseProvider.Sqlite),
        "Npgsql.EntityFrameworkCore.PostgreSQL" => nameof(DatabaseProvider.Postgres),
        "Microsoft.EntityFrameworkCore.SqlServer" => nameof(DatabaseProvider.SqlServer),
        _ => throw new InvalidOperationException($"No migrations folder for the provider {providerName}."),
    };

    public Assembly Assembly => contextType.Assembly;

    public IReadOnlyDictionary<string, TypeInfo> Migrations => migrations ??= FindMigrations();

    public ModelSnapshot? ModelSnapshot => modelSnapshot ??= Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(ModelSnapshot)) && !t.IsAbstract && IsForThisContext(t) && IsForThisProvider(t))
        .Select(t => (ModelSnapshot)Activator.CreateInstance(t)!)
        .FirstOrDefault();

    public string? FindMigrationId(string nameOrId) => Migrations.Keys.FirstOrDefault(id =>
        string.Equals(id, nameOrId, StringComparison.OrdinalIgnoreCase)
        || string.Equals(idGenerator.GetName(id), nameOrId, StringComparison.OrdinalIgnoreCase));

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        ArgumentNullException.ThrowIfNull(migrationClass);
        var migration = (Migration)Activator.CreateInstance(migrationClass.AsType())!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }

    private SortedList<string, TypeInfo> FindMigrations()
    {
        var found = new SortedList<string, TypeInfo>(StringComparer.Ordinal);
        foreach (var type in Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Migration)) && !t.IsAbstract && IsForThisContext(t) && IsForThisProvider(t)))
        {
            if (type.GetCustomAttribute<MigrationAttribute>() is { } attribute)
            {
                found.Add(attribute.Id, type.GetTypeInfo());
            }
        }

        return found;
    }

    private bool IsForThisContext(Type type) => type.GetCustomAttribute<DbContextAttribute>()?.ContextType == contextType;

    private bool IsForThisProvider(Type type) => IsInFolder(type, FolderOf(databaseProvider.Name));

    private static bool IsInFolder(Type type, string folder) => type.Namespace?.EndsWith(".Migrations." + folder, StringComparison.Ordinal) == true;
}
