using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DigiHelsestasjon.BuildingBlocks.Persistence;

/// <summary>How <c>dotnet ef</c> builds a module's context without the host: the provider comes from the arguments after
/// <c>--</c> (<c>--provider Sqlite|Postgres|SqlServer</c>), as <c>scripts/add-migration.sh</c> passes them. No database
/// is opened: adding a migration and checking for model changes read the model only.</summary>
public abstract class ModuleDesignTimeFactory<TContext>(string schema) : IDesignTimeDbContextFactory<TContext>
    where TContext : ModuleDbContext
{
    public TContext CreateDbContext(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var index = Array.IndexOf(args, "--provider");
        var providerText = index >= 0 && index + 1 < args.Length ? args[index + 1] : nameof(DatabaseProvider.Sqlite);
        if (!Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var provider))
        {
            throw new ArgumentException($"--provider '{providerText}' is not one of Sqlite, Postgres, SqlServer.", nameof(args));
        }

        var options = new DbContextOptionsBuilder<TContext>();
        PersistenceServiceCollectionExtensions.Configure(options, DatabaseSettings.ForDesign(provider), schema);
        return (TContext)Activator.CreateInstance(typeof(TContext), options.Options)!;
    }
}
