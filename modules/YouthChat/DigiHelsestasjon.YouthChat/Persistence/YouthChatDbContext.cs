using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DigiHelsestasjon.YouthChat.Persistence;

/// <summary>Conversation states.</summary>
internal static class ConversationStates
{
    /// <summary>Waiting for a nurse.</summary>
    public const string Queued = "queued";

    /// <summary>A nurse has taken it.</summary>
    public const string Active = "active";

    public const string Ended = "ended";
}

/// <summary>An anonymous conversation. Nothing here says who the youth is: no name, fødselsnummer, IP address or user
/// agent, and the token itself only as a hash.</summary>
internal sealed class Conversation
{
    public Guid Id { get; set; }

    public Guid UnitId { get; set; }

    public string Kommunenummer { get; set; } = "";

    /// <summary>SHA-256 of the conversation token, hex.</summary>
    public string TokenHash { get; set; } = "";

    /// <summary>One of <see cref="ConversationStates"/>.</summary>
    public string State { get; set; } = ConversationStates.Queued;

    public DateTime CreatedAt { get; set; }

    /// <summary>When a nurse first took it (the wait the municipality's figures count).</summary>
    public DateTime? FirstClaimedAt { get; set; }

    /// <summary>The nurse holding it: the HelseID subject (HPR-based), never shown to the youth.</summary>
    public string? NurseId { get; set; }

    public DateTime? EndedAt { get; set; }

    /// <summary>youth, nurse, idle, abusive or handed-over.</summary>
    public string? EndReason { get; set; }

    /// <summary>The sequence number of the last event: events are numbered 1, 2, 3 ... per conversation.</summary>
    public long LastSeq { get; set; }

    public DateTime LastActivityAt { get; set; }

    /// <summary>The municipality's retention when the conversation started: its transcript is deleted this long after it ends.</summary>
    public int RetentionHours { get; set; }

    /// <summary>When the retention job looks at it next (idle end, or deletion).</summary>
    public DateTime NextCheckAt { get; set; }

    public string? LockedBy { get; set; }

    public DateTime? LeaseUntil { get; set; }
}

/// <summary>One numbered event of a conversation: a message, or a change both sides see (a nurse joined, the youth logged in, the end).</summary>
internal sealed class ChatEvent
{
    public Guid ConversationId { get; set; }

    public long Seq { get; set; }

    /// <summary>One of ChatEventKinds.</summary>
    public string Kind { get; set; } = "";

    /// <summary>youth, nurse or system.</summary>
    public string Author { get; set; } = "";

    public string? Text { get; set; }

    public DateTime At { get; set; }

    /// <summary>The sender's Idempotency-Key: the same message sent twice is stored once.</summary>
    public string? ClientKey { get; set; }
}

/// <summary>A unit's prepared answer, for the nurses to insert.</summary>
internal sealed class PreparedAnswer
{
    public Guid Id { get; set; }

    public Guid UnitId { get; set; }

    public string Title { get; set; } = "";

    public string Text { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}

/// <summary>A nurse seen at a unit's queue lately: the colleagues a conversation can be transferred to.</summary>
internal sealed class NurseOnDuty
{
    public string NurseId { get; set; } = "";

    public Guid UnitId { get; set; }

    public DateTime SeenAt { get; set; }
}

/// <summary>A conversation token flagged abusive, by its hash, until a time.</summary>
internal sealed class BlockedToken
{
    public string TokenHash { get; set; } = "";

    public DateTime Until { get; set; }
}

/// <summary>What the municipality's figures keep of an ended conversation: no content, no token, no id that leads back to it.</summary>
internal sealed class ConversationCount
{
    public Guid Id { get; set; }

    public Guid UnitId { get; set; }

    public string Kommunenummer { get; set; } = "";

    /// <summary>The day it started (UTC date): no finer, so a count cannot be matched with a person's visit.</summary>
    public DateTime Day { get; set; }

    /// <summary>Seconds until a nurse took it; null: no nurse did.</summary>
    public int? WaitSeconds { get; set; }

    public bool HandedOver { get; set; }

    public string EndReason { get; set; } = "";
}

internal sealed class YouthChatDbContext(DbContextOptions<YouthChatDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "youthchat";

    public override string Schema => SchemaName;

    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<ChatEvent> Events => Set<ChatEvent>();

    public DbSet<PreparedAnswer> PreparedAnswers => Set<PreparedAnswer>();

    public DbSet<NurseOnDuty> NursesOnDuty => Set<NurseOnDuty>();

    public DbSet<BlockedToken> BlockedTokens => Set<BlockedToken>();

    public DbSet<ConversationCount> Counts => Set<ConversationCount>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Conversation>(c =>
        {
            c.ToTable("conversations");
            c.Property(x => x.Kommunenummer).HasMaxLength(4);
            c.Property(x => x.TokenHash).HasMaxLength(64);
            c.Property(x => x.State).HasMaxLength(16);
            c.Property(x => x.NurseId).HasMaxLength(100);
            c.Property(x => x.EndReason).HasMaxLength(32);
            c.Property(x => x.LockedBy).HasMaxLength(128);
            c.HasIndex(x => x.TokenHash).IsUnique();
            c.HasIndex(x => new { x.UnitId, x.State, x.CreatedAt });
            c.HasIndex(x => x.NextCheckAt);
        });
        modelBuilder.Entity<ChatEvent>(e =>
        {
            e.ToTable("events");
            e.HasKey(x => new { x.ConversationId, x.Seq });
            e.Property(x => x.Kind).HasMaxLength(32);
            e.Property(x => x.Author).HasMaxLength(16);
            e.Property(x => x.ClientKey).HasMaxLength(100);
            e.HasIndex(x => new { x.ConversationId, x.ClientKey }).IsUnique();
        });
        modelBuilder.Entity<PreparedAnswer>(p =>
        {
            p.ToTable("prepared_answers");
            p.Property(x => x.Title).HasMaxLength(100);
            p.Property(x => x.Text).HasMaxLength(2000);
            p.HasIndex(x => x.UnitId);
        });
        modelBuilder.Entity<NurseOnDuty>(n =>
        {
            n.ToTable("nurses_on_duty");
            n.HasKey(x => new { x.NurseId, x.UnitId });
            n.Property(x => x.NurseId).HasMaxLength(100);
        });
        modelBuilder.Entity<BlockedToken>(b =>
        {
            b.ToTable("blocked_tokens");
            b.HasKey(x => x.TokenHash);
            b.Property(x => x.TokenHash).HasMaxLength(64);
        });
        modelBuilder.Entity<ConversationCount>(c =>
        {
            c.ToTable("conversation_counts");
            c.Property(x => x.Kommunenummer).HasMaxLength(4);
            c.Property(x => x.EndReason).HasMaxLength(32);
            c.HasIndex(x => new { x.Kommunenummer, x.Day });
        });
    }
}

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
