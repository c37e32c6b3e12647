using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DigiHelsestasjon.Directory.Persistence;

using DigiHelsestasjon.Directory.Persistence.Configurations;
using DigiHelsestasjon.Directory.Persistence.Entities;

[HandWrittenMigrationsUntil("20261206100000_TraceParent")]
internal sealed class DirectoryDbContext(DbContextOptions<DirectoryDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "directory";

    public override string Schema => SchemaName;

    public DbSet<Municipality> Municipalities => Set<Municipality>();

    public DbSet<Unit> Units => Set<Unit>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new MunicipalityConfiguration());
        modelBuilder.ApplyConfiguration(new UnitConfiguration());
    }
}
