using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DigiHelsestasjon.HealthRecords.Persistence;

/// <summary>The module's own schema. It holds no vaccination or test result (those are read from the journals and the register
/// when asked, and cached briefly in memory): only the outbox and the inbox, so an EPJ's "test result ready" becomes one notice.</summary>
internal sealed class HealthRecordsDbContext(DbContextOptions<HealthRecordsDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "healthrecords";

    public override string Schema => SchemaName;

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
    }
}

/// <summary>Written by hand (no EF design tools here); the host's migration test proves it builds exactly the model, on SQLite and PostgreSQL.
/// Every later change is a new migration class.</summary>
[DbContext(typeof(HealthRecordsDbContext))]
[Migration("20261201000000_Initial")]
internal sealed class HealthRecordsInitial : Migration
{
    private const string S = HealthRecordsDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.EnsureModuleSchema(S);
        migrationBuilder.CreateOutboxAndInbox(S);
    }
}

/// <summary>The trace of the request that raised an event goes on when the event is published.</summary>
[DbContext(typeof(HealthRecordsDbContext))]
[Migration("20261206100000_TraceParent")]
internal sealed class HealthRecordsTraceParent : Migration
{
    private const string S = HealthRecordsDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.AddOutboxTraceParent(S);
}
