using DigiHelsestasjon.BuildingBlocks.Mediation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DigiHelsestasjon.BuildingBlocks.Persistence;

/// <summary>One registration of a module's DbContext, so the migration runner, the readiness
/// check and the outbox dispatcher can find every module's database objects.</summary>
public sealed record ModuleDbContextRegistration(Type ContextType, string Schema)
{
    public ModuleDbContext Resolve(IServiceProvider services) => (ModuleDbContext)services.GetRequiredService(ContextType);
}

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>Registers a pooled DbContext for the module on the configured provider. The scoped instance
    /// enlists in the unit of work of its scope: the scope's one connection, and its transaction.</summary>
    public static IServiceCollection AddModuleDbContext<TContext>(this IServiceCollection services, DatabaseSettings database, string schema)
        where TContext : ModuleDbContext
    {
        services.AddPooledDbContextFactory<TContext>(options => Configure(options, database, schema));
        services.AddScoped(sp =>
        {
            var context = sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext();
            context.Clock = sp.GetRequiredService<TimeProvider>();
            sp.GetRequiredService<UnitOfWork>().Enlist(context);
            return context;
        });
        services.AddSingleton(new ModuleDbContextRegistration(typeof(TContext), schema));
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            // Once for the file, however many modules register.
            services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, SqliteCheckpointer>(sp =>
                new SqliteCheckpointer(database, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SqliteCheckpointer>>())));
        }

        return services;
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseSettings database, string schema)
    {
        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                database.EnsureSqliteFolder();
                options.UseSqlite(database.ConnectionString, sqlite =>
                    sqlite.MigrationsHistoryTable(ModuleTables.SqliteName(schema, ModuleTables.HistoryTable)));
                options.AddInterceptors(SqliteTuningInterceptor.Instance);
                break;
            case DatabaseProvider.Postgres:
                options.UseNpgsql(DatabaseSettings.WithPostgresDefaults(database.ConnectionString), npgsql =>
                    npgsql.MigrationsHistoryTable(ModuleTables.HistoryTable, schema));
                break;
            case DatabaseProvider.SqlServer:
                options.UseSqlServer(database.ConnectionString, sqlServer =>
                    sqlServer.MigrationsHistoryTable(ModuleTables.HistoryTable, schema));
                break;
            default:
                throw new InvalidOperationException($"Unknown provider {database.Provider}.");
        }

        options.AddInterceptors(QueryWriteGuard.Instance);

        // A unique violation InsertIfAbsentAsync expects (two first requests of one person) is no error to an operator: EF's
        // own lines for a failed statement or save go to Debug. A real failure still reaches its caller as an exception and
        // is logged where it is handled (the request, the queue's round).
        options.ConfigureWarnings(warnings => warnings.Log(
            (Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandError, Microsoft.Extensions.Logging.LogLevel.Debug),
            (Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.SaveChangesFailed, Microsoft.Extensions.Logging.LogLevel.Debug)));

        // Each provider has its own generated migrations in the module's assembly.
        options.ReplaceService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsAssembly, ProviderMigrationsAssembly>();
    }
}
