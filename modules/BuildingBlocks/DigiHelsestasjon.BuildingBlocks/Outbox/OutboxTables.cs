using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DigiHelsestasjon.BuildingBlocks.Outbox;

/// <summary>The outbox and inbox every module owns, created by the module's first migration.</summary>
public static class OutboxTables
{
    public const string Outbox = "outbox";
    public const string Inbox = "inbox";
    /// <summary>A W3C traceparent is 55 characters; room for a later version's.</summary>
    public const int TraceParentLength = 128;
    internal const string PendingFilter = "processed_at IS NULL AND dead_lettered_at IS NULL";

    /// <summary>Call from the module's initial hand-written migration.</summary>
    public static void CreateOutboxAndInbox(this MigrationBuilder migrationBuilder, string schema)
    {
        var outbox = migrationBuilder.Table(schema, Outbox);
        migrationBuilder.CreateTable(
            name: outbox,
            schema: migrationBuilder.Schema(schema),
            columns: table => new
            {
                id = table.Column<Guid>(name: "id", nullable: false),
                type = table.Column<string>(name: "type", maxLength: 512, nullable: false),
                payload = table.Column<string>(name: "payload", nullable: false),
                occurred_at = table.Column<DateTime>(name: "occurred_at", nullable: false),
                next_attempt_at = table.Column<DateTime>(name: "next_attempt_at", nullable: false),
                attempts = table.Column<int>(name: "attempts", nullable: false),
                locked_by = table.Column<string>(name: "locked_by", maxLength: 128, nullable: true),
                locked_until = table.Column<DateTime>(name: "locked_until", nullable: true),
                processed_at = table.Column<DateTime>(name: "processed_at", nullable: true),
                dead_lettered_at = table.Column<DateTime>(name: "dead_lettered_at", nullable: true),
                last_error = table.Column<string>(name: "last_error", maxLength: 2000, nullable: true),
            },
            constraints: table => table.PrimaryKey($"PK_{outbox}", x => x.id));
        migrationBuilder.CreateIndex(
            name: $"IX_{outbox}_next_attempt_at",
            table: outbox,
            schema: migrationBuilder.Schema(schema),
            column: "next_attempt_at",
            filter: PendingFilter);

        var inbox = migrationBuilder.Table(schema, Inbox);
        migrationBuilder.CreateTable(
            name: inbox,
            schema: migrationBuilder.Schema(schema),
            columns: table => new
            {
                event_id = table.Column<Guid>(name: "event_id", nullable: false),
                consumer = table.Column<string>(name: "consumer", maxLength: 256, nullable: false),
                handled_at = table.Column<DateTime>(name: "handled_at", nullable: false),
            },
            constraints: table => table.PrimaryKey($"PK_{inbox}", x => new { x.event_id, x.consumer }));
    }

    /// <summary>Call from the module's migration after <see cref="CreateOutboxAndInbox"/>: the trace of the request
    /// that raised an event, so the trace goes on when the event is published (2026-12-06).</summary>
    public static void AddOutboxTraceParent(this MigrationBuilder migrationBuilder, string schema) =>
        migrationBuilder.AddColumn<string>(
            name: "trace_parent", table: migrationBuilder.Table(schema, Outbox), schema: migrationBuilder.Schema(schema), maxLength: TraceParentLength, nullable: true);
}
