using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DigiHelsestasjon.HealthRecords.Persistence;

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
