namespace DigiHelsestasjon.BuildingBlocks.Modules;

/// <summary>Work a module does once the database is migrated and before the host reports
/// ready, for example seeding demo data.</summary>
public interface IStartupTask
{
    Task RunAsync(CancellationToken cancellationToken);
}
