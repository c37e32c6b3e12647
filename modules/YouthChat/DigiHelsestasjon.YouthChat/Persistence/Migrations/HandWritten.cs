using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DigiHelsestasjon.YouthChat.Persistence;

[DbContext(typeof(YouthChatDbContext))]
[Migration("20261122200000_Initial")]
internal sealed class YouthChatInitial : Migration
{
    private const string S = YouthChatDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.EnsureModuleSchema(S);
        migrationBuilder.CreateOutboxAndInbox(S);

        var conversations = migrationBuilder.Table(S, "conversations");
        migrationBuilder.CreateTable(
            name: conversations,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                UnitId = t.Column<Guid>(nullable: false),
                Kommunenummer = t.Column<string>(maxLength: 4, nullable: false),
                TokenHash = t.Column<string>(maxLength: 64, nullable: false),
                State = t.Column<string>(maxLength: 16, nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                FirstClaimedAt = t.Column<DateTime>(nullable: true),
                NurseId = t.Column<string>(maxLength: 100, nullable: true),
                EndedAt = t.Column<DateTime>(nullable: true),
                EndReason = t.Column<string>(maxLength: 32, nullable: true),
                LastSeq = t.Column<long>(nullable: false),
                LastActivityAt = t.Column<DateTime>(nullable: false),
                RetentionHours = t.Column<int>(nullable: false),
                NextCheckAt = t.Column<DateTime>(nullable: false),
                LockedBy = t.Column<string>(maxLength: 128, nullable: true),
                LeaseUntil = t.Column<DateTime>(nullable: true),
            },
            constraints: t => t.PrimaryKey($"PK_{conversations}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{conversations}_TokenHash", conversations, "TokenHash", migrationBuilder.Schema(S), unique: true);
        migrationBuilder.CreateIndex($"IX_{conversations}_UnitId_State_CreatedAt", conversations, ["UnitId", "State", "CreatedAt"], migrationBuilder.Schema(S));
        migrationBuilder.CreateIndex($"IX_{conversations}_NextCheckAt", conversations, "NextCheckAt", migrationBuilder.Schema(S));

        var events = migrationBuilder.Table(S, "events");
        migrationBuilder.CreateTable(
            name: events,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                ConversationId = t.Column<Guid>(nullable: false),
                Seq = t.Column<long>(nullable: false),
                Kind = t.Column<string>(maxLength: 32, nullable: false),
                Author = t.Column<string>(maxLength: 16, nullable: false),
                Text = t.Column<string>(nullable: true),
                At = t.Column<DateTime>(nullable: false),
                ClientKey = t.Column<string>(maxLength: 100, nullable: true),
            },
            constraints: t => t.PrimaryKey($"PK_{events}", x => new { x.ConversationId, x.Seq }));
        migrationBuilder.CreateIndex($"IX_{events}_ConversationId_ClientKey", events, ["ConversationId", "ClientKey"], migrationBuilder.Schema(S), unique: true);

        var answers = migrationBuilder.Table(S, "prepared_answers");
        migrationBuilder.CreateTable(
            name: answers,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                UnitId = t.Column<Guid>(nullable: false),
                Title = t.Column<string>(maxLength: 100, nullable: false),
                Text = t.Column<string>(maxLength: 2000, nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{answers}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{answers}_UnitId", answers, "UnitId", migrationBuilder.Schema(S));

        var nurses = migrationBuilder.Table(S, "nurses_on_duty");
        migrationBuilder.CreateTable(
            name: nurses,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                NurseId = t.Column<string>(maxLength: 100, nullable: false),
                UnitId = t.Column<Guid>(nullable: false),
                SeenAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{nurses}", x => new { x.NurseId, x.UnitId }));

        var blocked = migrationBuilder.Table(S, "blocked_tokens");
        migrationBuilder.CreateTable(
            name: blocked,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                TokenHash = t.Column<string>(maxLength: 64, nullable: false),
                Until = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{blocked}", x => x.TokenHash));

        var counts = migrationBuilder.Table(S, "conversation_counts");
        migrationBuilder.CreateTable(
            name: counts,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                UnitId = t.Column<Guid>(nullable: false),
                Kommunenummer = t.Column<string>(maxLength: 4, nullable: false),
                Day = t.Column<DateTime>(nullable: false),
                WaitSeconds = t.Column<int>(nullable: true),
                HandedOver = t.Column<bool>(nullable: false),
                EndReason = t.Column<string>(maxLength: 32, nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{counts}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{counts}_Kommunenummer_Day", counts, ["Kommunenummer", "Day"], migrationBuilder.Schema(S));
    }
}

/// <summary>The trace of the request that raised an event goes on when the event is published.</summary>
[DbContext(typeof(YouthChatDbContext))]
[Migration("20261206100000_TraceParent")]
internal sealed class YouthChatTraceParent : Migration
{
    private const string S = YouthChatDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.AddOutboxTraceParent(S);
}
