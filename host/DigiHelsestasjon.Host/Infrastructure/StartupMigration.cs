using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DigiHelsestasjon.Host.Infrastructure;

/// <summary>Migrates every module's schema before background work starts (<c>Database:MigrateOnStartup</c>, default on).</summary>
internal sealed class StartupMigration(DatabaseMigrator migrator, PlatformStartup startup, IConfiguration configuration, IEnumerable<IStartupTask> tasks)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration.GetValue("Database:MigrateOnStartup", true))
        {
            await migrator.MigrateAsync(cancellationToken);
        }

        foreach (var task in tasks)
        {
            await task.RunAsync(cancellationToken);
        }

        startup.MarkReady();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Ready when every module's schema is migrated and start-up work has finished.</summary>
internal sealed class DatabaseReadyHealthCheck(DatabaseMigrator migrator, PlatformStartup startup) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!startup.IsReady)
        {
            return HealthCheckResult.Unhealthy("Modules are still starting.");
        }

        try
        {
            var pending = await migrator.PendingAsync(cancellationToken);
            return pending.Count == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Pending migrations in: {string.Join(", ", pending.Keys)}.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("Database unreachable.", ex);
        }
    }
}
