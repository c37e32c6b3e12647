using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DigiHelsestasjon.EpjIntegration.Persistence;

using DigiHelsestasjon.EpjIntegration.Persistence.Configurations;
using DigiHelsestasjon.EpjIntegration.Persistence.Entities;

[HandWrittenMigrationsUntil("20261206100000_TraceParent")]
internal sealed class EpjDbContext(DbContextOptions<EpjDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "epj";

    public override string Schema => SchemaName;

    public DbSet<EpjItem> Items => Set<EpjItem>();

    public DbSet<AppointmentVersion> AppointmentVersions => Set<AppointmentVersion>();

    public DbSet<AcceptanceRun> AcceptanceRuns => Set<AcceptanceRun>();

    public DbSet<ConnectionAudit> ConnectionAudit => Set<ConnectionAudit>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new AcceptanceRunConfiguration());
        modelBuilder.ApplyConfiguration(new ConnectionAuditConfiguration());
        modelBuilder.ApplyConfiguration(new EpjItemConfiguration());
        modelBuilder.ApplyConfiguration(new AppointmentVersionConfiguration());
    }
}
