using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DigiHelsestasjon.YouthChat.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "youthchat_blocked_tokens",
                columns: table => new
                {
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Until = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_youthchat_blocked_tokens", x => x.TokenHash);
                });

            migrationBuilder.CreateTable(
                name: "youthchat_conversation_counts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kommunenummer = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    Day = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WaitSeconds = table.Column<int>(type: "INTEGER", nullable: true),
                    HandedOver = table.Column<bool>(type: "INTEGER", nullable: false),
                    EndReason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_youthchat_conversation_counts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "youthchat_conversations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kommunenummer = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FirstClaimedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    NurseId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    EndedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EndReason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    LastSeq = table.Column<long>(type: "INTEGER", nullable: false),
                    LastActivityAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RetentionHours = table.Column<int>(type: "INTEGER", nullable: false),
                    NextCheckAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LockedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    LeaseUntil = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_youthchat_conversations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "youthchat_events",
                columns: table => new
                {
                    ConversationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Seq = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Author = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClientKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_youthchat_events", x => new { x.ConversationId, x.Seq });
                });

            migrationBuilder.CreateTable(
                name: "youthchat_inbox",
                columns: table => new
                {
                    event_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    consumer = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    handled_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_youthchat_inbox", x => new { x.event_id, x.consumer });
                });

            migrationBuilder.CreateTable(
                name: "youthchat_nurses_on_duty",
                columns: table => new
                {
                    NurseId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SeenAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_youthchat_nurses_on_duty", x => new { x.NurseId, x.UnitId });
                });

            migrationBuilder.CreateTable(
                name: "youthchat_outbox",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    payload = table.Column<string>(type: "TEXT", nullable: false),
                    occurred_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    next_attempt_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    locked_by = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    locked_until = table.Column<DateTime>(type: "TEXT", nullable: true),
                    processed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    dead_lettered_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    trace_parent = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_youthchat_outbox", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "youthchat_prepared_answers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_youthchat_prepared_answers", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_youthchat_conversation_counts_Kommunenummer_Day",
                table: "youthchat_conversation_counts",
                columns: new[] { "Kommunenummer", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_youthchat_conversations_NextCheckAt",
                table: "youthchat_conversations",
                column: "NextCheckAt");

            migrationBuilder.CreateIndex(
                name: "IX_youthchat_conversations_TokenHash",
                table: "youthchat_conversations",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_youthchat_conversations_UnitId_State_CreatedAt",
                table: "youthchat_conversations",
                columns: new[] { "UnitId", "State", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_youthchat_events_ConversationId_ClientKey",
                table: "youthchat_events",
                columns: new[] { "ConversationId", "ClientKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_youthchat_outbox_next_attempt_at",
                table: "youthchat_outbox",
                column: "next_attempt_at",
                filter: "processed_at IS NULL AND dead_lettered_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_youthchat_prepared_answers_UnitId",
                table: "youthchat_prepared_answers",
                column: "UnitId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "youthchat_blocked_tokens");

            migrationBuilder.DropTable(
                name: "youthchat_conversation_counts");

            migrationBuilder.DropTable(
                name: "youthchat_conversations");

            migrationBuilder.DropTable(
                name: "youthchat_events");

            migrationBuilder.DropTable(
                name: "youthchat_inbox");

            migrationBuilder.DropTable(
                name: "youthchat_nurses_on_duty");

            migrationBuilder.DropTable(
                name: "youthchat_outbox");

            migrationBuilder.DropTable(
                name: "youthchat_prepared_answers");
        }
    }
}
