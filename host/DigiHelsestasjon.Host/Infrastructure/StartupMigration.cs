using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DigiHelsestasjon.Host.Infrastructure;

/// <summary>Migrates every module's schema before background work starts (<c>Database:MigrateOnStartup</c>, default on).
/// Logs how long each step took, so an operator sees where a slow start goes. The host begins this work as soon as it is
/// built (<see cref="Begin"/>), so it runs beside the mapping of endpoints and the start of the other services.</summary>
internal sealed class StartupMigration(
    DatabaseMigrator migrator, PlatformStartup startup, IConfiguration configuration, IEnumerable<IStartupTask> tasks,
    IHostApplicationLifetime lifetime, ILogger<StartupMigration> logger)
    : IHostedService
{
    private readonly Lock gate = new();
    private Task? work;

    public Task Begin()
    {
        lock (gate)
        {
            return work ??= Task.Run(() => RunAsync(lifetime.ApplicationStopping));
        }
    }

    /// <summary>The host starts once this work is done: a failed migration still stops the start.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => Begin().WaitAsync(cancellationToken);

    /// <summary>A database that is away at the start (restarting, failing over, or started after the hosts) is waited for
    /// up to <c>Database:StartupWaitSeconds</c> (default 120): a host that gave up at once would die and leave its restart
    /// to whoever runs it. Every step is safe to repeat: migrations and start-up tasks look before they write.</summary>
    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(configuration.GetValue("Database:StartupWaitSeconds", 120));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RunOnceAsync(cancellationToken);
                return;
            }
            catch (Exception exception) when (ProblemDetailsMapping.IsDatabaseAway(exception) && waited.Elapsed < limit && !cancellationToken.IsCancellationRequested)
            {
                // The type only: a connection's message can name the server and its user.
                var pause = TimeSpan.FromSeconds(Math.Min(5, attempt));
                logger.LogWarning("Start-up: the database did not answer ({Error}); trying again in {Seconds} s (waited {Waited} s of {Limit} s)",
                    exception.GetBaseException().GetType().Name, pause.TotalSeconds, (int)waited.Elapsed.TotalSeconds, (int)limit.TotalSeconds);
                await Task.Delay(pause, cancellationToken);
            }
        }
    }

    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var total = System.Diagnostics.Stopwatch.StartNew();
        if (configuration.GetValue("Database:MigrateOnStartup", true))
        {
            await migrator.MigrateAsync(cancellationToken);
            startup.MarkMigrated();
            logger.LogInformation("Start-up: migrations took {Milliseconds} ms", total.ElapsedMilliseconds);
        }

        foreach (var task in tasks)
        {
            var step = System.Diagnostics.Stopwatch.StartNew();
            await task.RunAsync(cancellationToken);
            logger.LogInformation("Start-up: {Task} took {Milliseconds} ms", task.GetType().Name, step.ElapsedMilliseconds);
        }

        startup.MarkReady();
        logger.LogInformation("Start-up: ready after {Milliseconds} ms of start-up work", total.ElapsedMilliseconds);
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
            if (startup.MigratedAtStartup)
            {
                // Nothing of this build can be pending: asking the nine history tables again on every probe (and
                // building that query on the first one, which start-up waits for) would only show the database is there.
                return await migrator.CanConnectAsync(cancellationToken)
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy("Database unreachable.");
            }

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
