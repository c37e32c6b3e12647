using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DigiHelsestasjon.YouthChat.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "youthchat");

            migrationBuilder.CreateTable(
                name: "blocked_tokens",
                schema: "youthchat",
                columns: table => new
                {
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Until = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_blocked_tokens", x => x.TokenHash);
                });

            migrationBuilder.CreateTable(
                name: "conversation_counts",
                schema: "youthchat",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kommunenummer = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Day = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    WaitSeconds = table.Column<int>(type: "integer", nullable: true),
                    HandedOver = table.Column<bool>(type: "boolean", nullable: false),
                    EndReason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_conversation_counts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "conversations",
                schema: "youthchat",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kommunenummer = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FirstClaimedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    NurseId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    EndedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EndReason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    LastSeq = table.Column<long>(type: "bigint", nullable: false),
                    LastActivityAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RetentionHours = table.Column<int>(type: "integer", nullable: false),
                    NextCheckAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LockedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    LeaseUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_conversations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "events",
                schema: "youthchat",
                columns: table => new
                {
                    ConversationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Seq = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Author = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Text = table.Column<string>(type: "text", nullable: true),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ClientKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_events", x => new { x.ConversationId, x.Seq });
                });

            migrationBuilder.CreateTable(
                name: "inbox",
                schema: "youthchat",
                columns: table => new
                {
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    consumer = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    handled_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbox", x => new { x.event_id, x.consumer });
                });

            migrationBuilder.CreateTable(
                name: "nurses_on_duty",
                schema: "youthchat",
                columns: table => new
                {
                    NurseId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    SeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_nurses_on_duty", x => new { x.NurseId, x.UnitId });
                });

            migrationBuilder.CreateTable(
                name: "outbox",
                schema: "youthchat",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    payload = table.Column<string>(type: "text", nullable: false),
                    occurred_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    next_attempt_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    locked_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    locked_until = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    processed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    dead_lettered_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    trace_parent = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "prepared_answers",
                schema: "youthchat",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_prepared_answers", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_conversation_counts_Kommunenummer_Day",
                schema: "youthchat",
                table: "conversation_counts",
                columns: new[] { "Kommunenummer", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_conversations_NextCheckAt",
                schema: "youthchat",
                table: "conversations",
                column: "NextCheckAt");

            migrationBuilder.CreateIndex(
                name: "IX_conversations_TokenHash",
                schema: "youthchat",
                table: "conversations",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_conversations_UnitId_State_CreatedAt",
                schema: "youthchat",
                table: "conversations",
                columns: new[] { "UnitId", "State", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_events_ConversationId_ClientKey",
                schema: "youthchat",
                table: "events",
                columns: new[] { "ConversationId", "ClientKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_next_attempt_at",
                schema: "youthchat",
                table: "outbox",
                column: "next_attempt_at",
                filter: "processed_at IS NULL AND dead_lettered_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_prepared_answers_UnitId",
                schema: "youthchat",
                table: "prepared_answers",
                column: "UnitId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "blocked_tokens",
                schema: "youthchat");

            migrationBuilder.DropTable(
                name: "conversation_counts",
                schema: "youthchat");

            migrationBuilder.DropTable(
                name: "conversations",
                schema: "youthchat");

            migrationBuilder.DropTable(
                name: "events",
                schema: "youthchat");

            migrationBuilder.DropTable(
                name: "inbox",
                schema: "youthchat");

            migrationBuilder.DropTable(
                name: "nurses_on_duty",
                schema: "youthchat");

            migrationBuilder.DropTable(
                name: "outbox",
                schema: "youthchat");

            migrationBuilder.DropTable(
                name: "prepared_answers",
                schema: "youthchat");
        }
    }
}
