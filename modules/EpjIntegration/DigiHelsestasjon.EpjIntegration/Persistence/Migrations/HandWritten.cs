using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DigiHelsestasjon.EpjIntegration.Persistence;

[DbContext(typeof(EpjDbContext))]
[Migration("20261122030000_Initial")]
internal sealed class EpjInitial : Migration
{
    private const string S = EpjDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.EnsureModuleSchema(S);
        migrationBuilder.CreateOutboxAndInbox(S);

        var items = migrationBuilder.Table(S, "items");
        migrationBuilder.CreateTable(
            name: items,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Direction = t.Column<string>(maxLength: 8, nullable: false),
                MessageId = t.Column<Guid>(nullable: false),
                InstallationId = t.Column<string>(maxLength: 100, nullable: false),
                Kind = t.Column<string>(maxLength: 64, nullable: false),
                Kommunenummer = t.Column<string>(maxLength: 4, nullable: false),
                UnitId = t.Column<Guid>(nullable: false),
                State = t.Column<string>(maxLength: 20, nullable: false),
                Payload = t.Column<string>(nullable: false),
                TransportDelivered = t.Column<bool>(nullable: false),
                ReceiptStatus = t.Column<string>(maxLength: 16, nullable: true),
                Outcome = t.Column<string>(maxLength: 24, nullable: true),
                DocumentReference = t.Column<string>(maxLength: 200, nullable: true),
                Reason = t.Column<string>(maxLength: 1000, nullable: true),
                ErrorCodes = t.Column<string>(maxLength: 200, nullable: true),
                Attempts = t.Column<int>(nullable: false),
                NextAttemptAt = t.Column<DateTime>(nullable: false),
                LeaseUntil = t.Column<DateTime>(nullable: true),
                LastError = t.Column<string>(maxLength: 2000, nullable: true),
                Response = t.Column<string>(nullable: true),
                CreatedAt = t.Column<DateTime>(nullable: false),
                UpdatedAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{items}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{items}_Direction_InstallationId_MessageId", items, ["Direction", "InstallationId", "MessageId"], migrationBuilder.Schema(S), unique: true);
        migrationBuilder.CreateIndex($"IX_{items}_State_NextAttemptAt", items, ["State", "NextAttemptAt"], migrationBuilder.Schema(S));
        migrationBuilder.CreateIndex($"IX_{items}_Kommunenummer_CreatedAt", items, ["Kommunenummer", "CreatedAt"], migrationBuilder.Schema(S));

        var versions = migrationBuilder.Table(S, "appointment_versions");
        migrationBuilder.CreateTable(
            name: versions,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                InstallationId = t.Column<string>(maxLength: 100, nullable: false),
                EpjAppointmentId = t.Column<string>(maxLength: 100, nullable: false),
                Version = t.Column<long>(nullable: false),
                UpdatedAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{versions}", x => new { x.InstallationId, x.EpjAppointmentId }));
    }
}

/// <summary>Delivery claims name their owner, as every work queue's do.</summary>
[DbContext(typeof(EpjDbContext))]
[Migration("20261122110000_ItemLockedBy")]
internal sealed class EpjItemLockedBy : Migration
{
    private const string S = EpjDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "LockedBy", table: migrationBuilder.Table(S, "items"), schema: migrationBuilder.Schema(S), maxLength: 128, nullable: true);
}

[DbContext(typeof(EpjDbContext))]
[Migration("20261122210000_Onboarding")]
internal sealed class EpjOnboarding : Migration
{
    private const string S = EpjDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var runs = migrationBuilder.Table(S, "acceptance_runs");
        migrationBuilder.CreateTable(
            name: runs,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Kommunenummer = t.Column<string>(maxLength: 4, nullable: false),
                RunBy = t.Column<string>(maxLength: 100, nullable: false),
                StartedAt = t.Column<DateTime>(nullable: false),
                Passed = t.Column<int>(nullable: false),
                Failed = t.Column<int>(nullable: false),
                Skipped = t.Column<int>(nullable: false),
                Installations = t.Column<string>(maxLength: 1000, nullable: false),
                Cases = t.Column<string>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{runs}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{runs}_Kommunenummer_StartedAt", runs, ["Kommunenummer", "StartedAt"], migrationBuilder.Schema(S));

        var audit = migrationBuilder.Table(S, "connection_audit");
        migrationBuilder.CreateTable(
            name: audit,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                UnitId = t.Column<Guid>(nullable: false),
                Kommunenummer = t.Column<string>(maxLength: 4, nullable: false),
                Action = t.Column<string>(maxLength: 32, nullable: false),
                Actor = t.Column<string>(maxLength: 100, nullable: false),
                At = t.Column<DateTime>(nullable: false),
                Detail = t.Column<string>(maxLength: 1000, nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{audit}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{audit}_Kommunenummer_At", audit, ["Kommunenummer", "At"], migrationBuilder.Schema(S));
    }
}

/// <summary>The trace of the request that raised an event, or left an item for the queue, goes on when the work is done.</summary>
[DbContext(typeof(EpjDbContext))]
[Migration("20261206100000_TraceParent")]
internal sealed class EpjTraceParent : Migration
{
    private const string S = EpjDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddOutboxTraceParent(S);
        migrationBuilder.AddColumn<string>(
            name: "TraceParent", table: migrationBuilder.Table(S, "items"), schema: migrationBuilder.Schema(S), maxLength: OutboxTables.TraceParentLength, nullable: true);
    }
}
