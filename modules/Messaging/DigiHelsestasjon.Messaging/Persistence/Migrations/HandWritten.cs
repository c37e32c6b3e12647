using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DigiHelsestasjon.Messaging.Persistence;

[DbContext(typeof(MessagingDbContext))]
[Migration("20261122140000_Initial")]
internal sealed class MessagingInitial : Migration
{
    private const string S = MessagingDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.EnsureModuleSchema(S);
        migrationBuilder.CreateOutboxAndInbox(S);

        var threads = migrationBuilder.Table(S, "threads");
        migrationBuilder.CreateTable(
            name: threads,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                PersonId = t.Column<Guid>(nullable: false),
                UnitId = t.Column<Guid>(nullable: false),
                Topic = t.Column<string>(maxLength: 20, nullable: false),
                Subject = t.Column<string>(maxLength: 200, nullable: false),
                StartedBy = t.Column<string>(maxLength: 16, nullable: false),
                StartedByPersonId = t.Column<Guid>(nullable: true),
                YouthService = t.Column<bool>(nullable: false),
                ExemptFromParentalAccess = t.Column<bool>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                LastMessageAt = t.Column<DateTime>(nullable: false),
                FirstAnswerAt = t.Column<DateTime>(nullable: true),
            },
            constraints: t => t.PrimaryKey($"PK_{threads}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{threads}_PersonId_LastMessageAt", threads, ["PersonId", "LastMessageAt"], migrationBuilder.Schema(S));
        migrationBuilder.CreateIndex($"IX_{threads}_UnitId", threads, "UnitId", migrationBuilder.Schema(S));

        var messages = migrationBuilder.Table(S, "messages");
        migrationBuilder.CreateTable(
            name: messages,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                ThreadId = t.Column<Guid>(nullable: false),
                PersonId = t.Column<Guid>(nullable: false),
                UnitId = t.Column<Guid>(nullable: false),
                EpjMessageId = t.Column<Guid>(nullable: false),
                Direction = t.Column<string>(maxLength: 16, nullable: false),
                AuthorPersonId = t.Column<Guid>(nullable: true),
                AuthorRelation = t.Column<string>(maxLength: 16, nullable: false),
                AuthorName = t.Column<string>(maxLength: 200, nullable: false),
                Body = t.Column<string>(nullable: false),
                SentAt = t.Column<DateTime>(nullable: false),
                DeliveryState = t.Column<string>(maxLength: 16, nullable: false),
                DeliveryStateAt = t.Column<DateTime>(nullable: false),
                JournaledAt = t.Column<DateTime>(nullable: true),
                FailureReason = t.Column<string>(maxLength: 1000, nullable: true),
                ExemptFromParentalAccess = t.Column<bool>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{messages}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{messages}_ThreadId_SentAt", messages, ["ThreadId", "SentAt"], migrationBuilder.Schema(S));
        migrationBuilder.CreateIndex($"IX_{messages}_EpjMessageId_UnitId", messages, ["EpjMessageId", "UnitId"], migrationBuilder.Schema(S), unique: true);
        migrationBuilder.CreateIndex($"IX_{messages}_UnitId_SentAt", messages, ["UnitId", "SentAt"], migrationBuilder.Schema(S));

        var attachments = migrationBuilder.Table(S, "attachments");
        migrationBuilder.CreateTable(
            name: attachments,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                ThreadId = t.Column<Guid>(nullable: false),
                PersonId = t.Column<Guid>(nullable: false),
                MessageId = t.Column<Guid>(nullable: true),
                UploadedByPersonId = t.Column<Guid>(nullable: true),
                FileName = t.Column<string>(maxLength: 255, nullable: false),
                ContentType = t.Column<string>(maxLength: 100, nullable: false),
                Size = t.Column<long>(nullable: false),
                Sha256 = t.Column<string>(maxLength: 64, nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{attachments}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{attachments}_ThreadId", attachments, "ThreadId", migrationBuilder.Schema(S));
        migrationBuilder.CreateIndex($"IX_{attachments}_MessageId", attachments, "MessageId", migrationBuilder.Schema(S));

        var contents = migrationBuilder.Table(S, "attachment_contents");
        migrationBuilder.CreateTable(
            name: contents,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Content = t.Column<byte[]>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{contents}", x => x.Id));

        var markers = migrationBuilder.Table(S, "read_markers");
        migrationBuilder.CreateTable(
            name: markers,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                ThreadId = t.Column<Guid>(nullable: false),
                ReaderPersonId = t.Column<Guid>(nullable: false),
                ReadUpTo = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{markers}", x => new { x.ThreadId, x.ReaderPersonId }));

        var requests = migrationBuilder.Table(S, "idempotent_requests");
        migrationBuilder.CreateTable(
            name: requests,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                ActorPersonId = t.Column<Guid>(nullable: false),
                Key = t.Column<string>(maxLength: 100, nullable: false),
                Operation = t.Column<string>(maxLength: 20, nullable: false),
                RequestHash = t.Column<string>(maxLength: 64, nullable: false),
                ResultId = t.Column<Guid>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{requests}", x => new { x.ActorPersonId, x.Key }));
    }
}

/// <summary>The trace of the request that raised an event goes on when the event is published.</summary>
[DbContext(typeof(MessagingDbContext))]
[Migration("20261206100000_TraceParent")]
internal sealed class MessagingTraceParent : Migration
{
    private const string S = MessagingDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.AddOutboxTraceParent(S);
}
