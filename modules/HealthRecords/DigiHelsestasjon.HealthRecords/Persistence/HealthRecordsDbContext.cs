using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DigiHelsestasjon.HealthRecords.Persistence;

/// <summary>The module's own schema. It holds no vaccination or test result (those are read from the journals and the register
/// when asked, and cached briefly in memory): only the outbox and the inbox, so an EPJ's "test result ready" becomes one notice.</summary>
[HandWrittenMigrationsUntil("20261206100000_TraceParent")]
internal sealed class HealthRecordsDbContext(DbContextOptions<HealthRecordsDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "healthrecords";

    public override string Schema => SchemaName;

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
    }
}
