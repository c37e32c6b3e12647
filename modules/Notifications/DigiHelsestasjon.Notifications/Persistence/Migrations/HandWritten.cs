using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DigiHelsestasjon.Notifications.Persistence;

[DbContext(typeof(NotificationsDbContext))]
[Migration("20261122160000_Initial")]
internal sealed class NotificationsInitial : Migration
{
    private const string S = NotificationsDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.EnsureModuleSchema(S);
        migrationBuilder.CreateOutboxAndInbox(S);

        var notices = migrationBuilder.Table(S, "notices");
        migrationBuilder.CreateTable(
            name: notices,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Kind = t.Column<string>(maxLength: 32, nullable: false),
                SourceKey = t.Column<string>(maxLength: 200, nullable: false),
                SubjectId = t.Column<Guid>(nullable: false),
                RecipientPersonId = t.Column<Guid>(nullable: false),
                UnitId = t.Column<Guid>(nullable: false),
                AppointmentId = t.Column<Guid>(nullable: true),
                AppointmentStart = t.Column<DateTime>(nullable: true),
                ExemptFromParentalAccess = t.Column<bool>(nullable: false),
                YouthService = t.Column<bool>(nullable: false),
                Mandatory = t.Column<bool>(nullable: false),
                Channel = t.Column<string>(maxLength: 8, nullable: false),
                FellBack = t.Column<bool>(nullable: false),
                State = t.Column<string>(maxLength: 16, nullable: false),
                DropReason = t.Column<string>(maxLength: 64, nullable: true),
                DueAt = t.Column<DateTime>(nullable: false),
                NextAttemptAt = t.Column<DateTime>(nullable: false),
                SendBy = t.Column<DateTime>(nullable: false),
                Attempts = t.Column<int>(nullable: false),
                LockedBy = t.Column<string>(maxLength: 128, nullable: true),
                LeaseUntil = t.Column<DateTime>(nullable: true),
                LastError = t.Column<string>(maxLength: 2000, nullable: true),
                GatewayId = t.Column<string>(maxLength: 100, nullable: true),
                CreatedAt = t.Column<DateTime>(nullable: false),
                SentAt = t.Column<DateTime>(nullable: true),
                DeliveredAt = t.Column<DateTime>(nullable: true),
                UpdatedAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{notices}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{notices}_SourceKey_RecipientPersonId", notices, ["SourceKey", "RecipientPersonId"], migrationBuilder.Schema(S), unique: true);
        migrationBuilder.CreateIndex($"IX_{notices}_State_NextAttemptAt", notices, ["State", "NextAttemptAt"], migrationBuilder.Schema(S));
        migrationBuilder.CreateIndex($"IX_{notices}_AppointmentId", notices, "AppointmentId", migrationBuilder.Schema(S));
        migrationBuilder.CreateIndex($"IX_{notices}_GatewayId", notices, "GatewayId", migrationBuilder.Schema(S));
        migrationBuilder.CreateIndex($"IX_{notices}_UnitId_CreatedAt", notices, ["UnitId", "CreatedAt"], migrationBuilder.Schema(S));

        var preferences = migrationBuilder.Table(S, "preferences");
        migrationBuilder.CreateTable(
            name: preferences,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                PersonId = t.Column<Guid>(nullable: false),
                Channel = t.Column<string>(maxLength: 8, nullable: false),
                Language = t.Column<string>(maxLength: 2, nullable: false),
                Reminders = t.Column<bool>(nullable: false),
                UpdatedAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{preferences}", x => x.PersonId));

        var appointments = migrationBuilder.Table(S, "appointments");
        migrationBuilder.CreateTable(
            name: appointments,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                PersonId = t.Column<Guid>(nullable: false),
                UnitId = t.Column<Guid>(nullable: false),
                Start = t.Column<DateTime>(nullable: false),
                Status = t.Column<string>(maxLength: 16, nullable: false),
                ExemptFromParentalAccess = t.Column<bool>(nullable: false),
                YouthService = t.Column<bool>(nullable: false),
                UpdatedAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{appointments}", x => x.Id));
    }
}

/// <summary>The trace of the request that raised an event, or left an item for the queue, goes on when the work is done.</summary>
[DbContext(typeof(NotificationsDbContext))]
[Migration("20261206100000_TraceParent")]
internal sealed class NotificationsTraceParent : Migration
{
    private const string S = NotificationsDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddOutboxTraceParent(S);
        migrationBuilder.AddColumn<string>(
            name: "TraceParent", table: migrationBuilder.Table(S, "notices"), schema: migrationBuilder.Schema(S), maxLength: OutboxTables.TraceParentLength, nullable: true);
    }
}
