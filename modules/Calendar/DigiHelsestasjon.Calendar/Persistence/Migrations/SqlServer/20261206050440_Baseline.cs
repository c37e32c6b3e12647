using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DigiHelsestasjon.Calendar.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "calendar");

            migrationBuilder.CreateTable(
                name: "appointments",
                schema: "calendar",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PersonId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    UnitId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    EpjAppointmentId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    Start = table.Column<DateTime>(type: "datetime2", nullable: false),
                    End = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Type = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    PractitionerRole = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Location = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    ExemptFromParentalAccess = table.Column<bool>(type: "bit", nullable: false),
                    YouthService = table.Column<bool>(type: "bit", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    CancellationState = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: true),
                    CancellationReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    CancellationDecisionReason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    CancellationMessageId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    CancellationRequestedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_appointments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "bookings",
                schema: "calendar",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PersonId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ActorPersonId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ActorRelation = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    UnitId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    EpjSlotId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Start = table.Column<DateTime>(type: "datetime2", nullable: false),
                    End = table.Column<DateTime>(type: "datetime2", nullable: false),
                    State = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    MessageId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    EpjAppointmentId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    ReplacesAppointmentId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Reason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ResumeAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    LockedBy = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    LeaseUntil = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bookings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "feeds",
                schema: "calendar",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SubjectId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ActorPersonId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TokenHash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_feeds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "inbox",
                schema: "calendar",
                columns: table => new
                {
                    event_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    consumer = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    handled_at = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbox", x => new { x.event_id, x.consumer });
                });

            migrationBuilder.CreateTable(
                name: "information_texts",
                schema: "calendar",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kommunenummer = table.Column<string>(type: "nvarchar(4)", maxLength: 4, nullable: false),
                    Match = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Text = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_information_texts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "outbox",
                schema: "calendar",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    type = table.Column<string>(type: "nvarchar(512)", maxLength: 512, nullable: false),
                    payload = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    occurred_at = table.Column<DateTime>(type: "datetime2", nullable: false),
                    next_attempt_at = table.Column<DateTime>(type: "datetime2", nullable: false),
                    attempts = table.Column<int>(type: "int", nullable: false),
                    locked_by = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    locked_until = table.Column<DateTime>(type: "datetime2", nullable: true),
                    processed_at = table.Column<DateTime>(type: "datetime2", nullable: true),
                    dead_lettered_at = table.Column<DateTime>(type: "datetime2", nullable: true),
                    last_error = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    trace_parent = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "self_booking_kinds",
                schema: "calendar",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    UnitId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kommunenummer = table.Column<string>(type: "nvarchar(4)", maxLength: 4, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_self_booking_kinds", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_appointments_CancellationMessageId",
                schema: "calendar",
                table: "appointments",
                column: "CancellationMessageId");

            migrationBuilder.CreateIndex(
                name: "IX_appointments_PersonId_Start",
                schema: "calendar",
                table: "appointments",
                columns: new[] { "PersonId", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_appointments_UnitId_EpjAppointmentId",
                schema: "calendar",
                table: "appointments",
                columns: new[] { "UnitId", "EpjAppointmentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_bookings_MessageId",
                schema: "calendar",
                table: "bookings",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_bookings_PersonId_CreatedAt",
                schema: "calendar",
                table: "bookings",
                columns: new[] { "PersonId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_bookings_ResumeAt",
                schema: "calendar",
                table: "bookings",
                column: "ResumeAt");

            migrationBuilder.CreateIndex(
                name: "IX_feeds_SubjectId_ActorPersonId",
                schema: "calendar",
                table: "feeds",
                columns: new[] { "SubjectId", "ActorPersonId" });

            migrationBuilder.CreateIndex(
                name: "IX_feeds_TokenHash",
                schema: "calendar",
                table: "feeds",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_information_texts_Kommunenummer_Match",
                schema: "calendar",
                table: "information_texts",
                columns: new[] { "Kommunenummer", "Match" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_next_attempt_at",
                schema: "calendar",
                table: "outbox",
                column: "next_attempt_at",
                filter: "processed_at IS NULL AND dead_lettered_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_self_booking_kinds_Kommunenummer",
                schema: "calendar",
                table: "self_booking_kinds",
                column: "Kommunenummer");

            migrationBuilder.CreateIndex(
                name: "IX_self_booking_kinds_UnitId_Kind",
                schema: "calendar",
                table: "self_booking_kinds",
                columns: new[] { "UnitId", "Kind" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "appointments",
                schema: "calendar");

            migrationBuilder.DropTable(
                name: "bookings",
                schema: "calendar");

            migrationBuilder.DropTable(
                name: "feeds",
                schema: "calendar");

            migrationBuilder.DropTable(
                name: "inbox",
                schema: "calendar");

            migrationBuilder.DropTable(
                name: "information_texts",
                schema: "calendar");

            migrationBuilder.DropTable(
                name: "outbox",
                schema: "calendar");

            migrationBuilder.DropTable(
                name: "self_booking_kinds",
                schema: "calendar");
        }
    }
}
