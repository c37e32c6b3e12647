using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DigiHelsestasjon.Messaging.Persistence;

/// <summary>A conversation between one person (the subject) and one unit. Its id is also the conversation id the
/// journal keeps the thread together by, in both directions.</summary>
internal sealed class MessageThread
{
    public Guid Id { get; set; }

    /// <summary>The subject: the person the thread is about.</summary>
    public Guid PersonId { get; set; }

    public Guid UnitId { get; set; }

    /// <summary>One of ThreadTopics.</summary>
    public string Topic { get; set; } = "";

    public string Subject { get; set; } = "";

    /// <summary>self, parent, fullmakt (a citizen) or unit (the health service, through the EPJ).</summary>
    public string StartedBy { get; set; } = "";

    public Guid? StartedByPersonId { get; set; }

    /// <summary>The youth's own contact with the school health service or HFU (not started by a parent): never shown to
    /// parents from 12.</summary>
    public bool YouthService { get; set; }

    /// <summary>Opened by the health service with a message exempt from parental access (pbrl. § 3-4).</summary>
    public bool ExemptFromParentalAccess { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime LastMessageAt { get; set; }

    /// <summary>When the unit first answered a thread a citizen started (for the municipality's figures).</summary>
    public DateTime? FirstAnswerAt { get; set; }
}

/// <summary>One message in a thread, either way.</summary>
internal sealed class Message
{
    public const string ToUnit = "to-unit";
    public const string FromUnit = "from-unit";

    public Guid Id { get; set; }

    public Guid ThreadId { get; set; }

    public Guid PersonId { get; set; }

    public Guid UnitId { get; set; }

    /// <summary>The journal's id of it: the platform's MessageId for a citizen's message, the journal's for its own.</summary>
    public Guid EpjMessageId { get; set; }

    public string Direction { get; set; } = ToUnit;

    /// <summary>Null for the health service.</summary>
    public Guid? AuthorPersonId { get; set; }

    /// <summary>self, parent, fullmakt or unit.</summary>
    public string AuthorRelation { get; set; } = "";

    public string AuthorName { get; set; } = "";

    /// <summary>Plain text as written: never interpreted as markup.</summary>
    public string Body { get; set; } = "";

    public DateTime SentAt { get; set; }

    /// <summary>One of DeliveryStates.</summary>
    public string DeliveryState { get; set; } = "";

    /// <summary>When the delivery state last moved (events older than this change nothing).</summary>
    public DateTime DeliveryStateAt { get; set; }

    public DateTime? JournaledAt { get; set; }

    /// <summary>For a failed message: what the citizen should do.</summary>
    public string? FailureReason { get; set; }

    public bool ExemptFromParentalAccess { get; set; }
}

/// <summary>A file in a thread. The bytes are in the attachment store, not in this row.</summary>
internal sealed class Attachment
{
    public Guid Id { get; set; }

    public Guid ThreadId { get; set; }

    public Guid PersonId { get; set; }

    /// <summary>Null until a message refers to it.</summary>
    public Guid? MessageId { get; set; }

    /// <summary>Who uploaded it; null when it came from the health service.</summary>
    public Guid? UploadedByPersonId { get; set; }

    public string FileName { get; set; } = "";

    /// <summary>The type the content proved to be (magic bytes), not the type the client claimed.</summary>
    public string ContentType { get; set; } = "";

    public long Size { get; set; }

    /// <summary>SHA-256 of the bytes, hex: what the idempotency check compares.</summary>
    public string Sha256 { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}

/// <summary>The bytes of an attachment, for the database store (PostgreSQL).</summary>
internal sealed class AttachmentContent
{
    public Guid Id { get; set; }

    public byte[] Content { get; set; } = [];
}

/// <summary>How far one reader has read one thread.</summary>
internal sealed class ReadMarker
{
    public Guid ThreadId { get; set; }

    public Guid ReaderPersonId { get; set; }

    public DateTime ReadUpTo { get; set; }
}

/// <summary>A create request by its Idempotency-Key: the same key again returns what it created.</summary>
internal sealed class IdempotentRequest
{
    public Guid ActorPersonId { get; set; }

    public string Key { get; set; } = "";

    /// <summary>Which create: thread, message or attachment.</summary>
    public string Operation { get; set; } = "";

    /// <summary>SHA-256 of what was asked (route and body): the same key with another request is refused.</summary>
    public string RequestHash { get; set; } = "";

    public Guid ResultId { get; set; }

    public DateTime CreatedAt { get; set; }
}

internal sealed class MessagingDbContext(DbContextOptions<MessagingDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "messaging";

    public override string Schema => SchemaName;

    public DbSet<MessageThread> Threads => Set<MessageThread>();

    public DbSet<Message> Messages => Set<Message>();

    public DbSet<Attachment> Attachments => Set<Attachment>();

    public DbSet<AttachmentContent> AttachmentContents => Set<AttachmentContent>();

    public DbSet<ReadMarker> ReadMarkers => Set<ReadMarker>();

    public DbSet<IdempotentRequest> IdempotentRequests => Set<IdempotentRequest>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<MessageThread>(t =>
        {
            t.ToTable("threads");
            t.Property(x => x.Topic).HasMaxLength(20);
            t.Property(x => x.Subject).HasMaxLength(200);
            t.Property(x => x.StartedBy).HasMaxLength(16);
            t.HasIndex(x => new { x.PersonId, x.LastMessageAt });
            t.HasIndex(x => x.UnitId);
        });
        modelBuilder.Entity<Message>(m =>
        {
            m.ToTable("messages");
            m.Property(x => x.Direction).HasMaxLength(16);
            m.Property(x => x.AuthorRelation).HasMaxLength(16);
            m.Property(x => x.AuthorName).HasMaxLength(200);
            m.Property(x => x.DeliveryState).HasMaxLength(16);
            m.Property(x => x.FailureReason).HasMaxLength(1000);
            m.HasIndex(x => new { x.ThreadId, x.SentAt });
            m.HasIndex(x => new { x.EpjMessageId, x.UnitId }).IsUnique();
            m.HasIndex(x => new { x.UnitId, x.SentAt });
        });
        modelBuilder.Entity<Attachment>(a =>
        {
            a.ToTable("attachments");
            a.Property(x => x.FileName).HasMaxLength(255);
            a.Property(x => x.ContentType).HasMaxLength(100);
            a.Property(x => x.Sha256).HasMaxLength(64);
            a.HasIndex(x => x.ThreadId);
            a.HasIndex(x => x.MessageId);
        });
        modelBuilder.Entity<AttachmentContent>(c => c.ToTable("attachment_contents"));
        modelBuilder.Entity<ReadMarker>(r =>
        {
            r.ToTable("read_markers");
            r.HasKey(x => new { x.ThreadId, x.ReaderPersonId });
        });
        modelBuilder.Entity<IdempotentRequest>(i =>
        {
            i.ToTable("idempotent_requests");
            i.HasKey(x => new { x.ActorPersonId, x.Key });
            i.Property(x => x.Key).HasMaxLength(100);
            i.Property(x => x.Operation).HasMaxLength(20);
            i.Property(x => x.RequestHash).HasMaxLength(64);
        });
    }
}

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
