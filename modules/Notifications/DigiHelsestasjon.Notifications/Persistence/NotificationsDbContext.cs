using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DigiHelsestasjon.Notifications.Persistence;

/// <summary>One notice to one recipient: planned from an event, sent by the notice queue, followed to its end.
/// It holds ids and times only; the text is rendered, and the contact looked up, at the moment of sending.</summary>
internal sealed class Notice
{
    public Guid Id { get; set; }

    /// <summary>One of NoticeKinds.</summary>
    public string Kind { get; set; } = "";

    /// <summary>What planned it (for example the appointment, its start and the lead time): unique with the recipient.</summary>
    public string SourceKey { get; set; } = "";

    /// <summary>The person the notice is about.</summary>
    public Guid SubjectId { get; set; }

    public Guid RecipientPersonId { get; set; }

    public Guid UnitId { get; set; }

    public Guid? AppointmentId { get; set; }

    /// <summary>The start the reminder was planned for; a different start at sending time drops it.</summary>
    public DateTime? AppointmentStart { get; set; }

    public bool ExemptFromParentalAccess { get; set; }

    public bool YouthService { get; set; }

    public bool Mandatory { get; set; }

    /// <summary>The channel it went (or goes) by; empty until the first attempt decides it from the preferences.</summary>
    public string Channel { get; set; } = "";

    /// <summary>The preferred channel failed for good and this one is the fallback.</summary>
    public bool FellBack { get; set; }

    /// <summary>One of NoticeStates.</summary>
    public string State { get; set; } = "";

    public string? DropReason { get; set; }

    public DateTime DueAt { get; set; }

    public DateTime NextAttemptAt { get; set; }

    /// <summary>After this it is dropped, not sent (a reminder after the appointment is noise).</summary>
    public DateTime SendBy { get; set; }

    public int Attempts { get; set; }

    public string? LockedBy { get; set; }

    public DateTime? LeaseUntil { get; set; }

    /// <summary>The W3C traceparent of the work that planned the notice; sending it continues that trace.</summary>
    public string? TraceParent { get; set; }

    public string? LastError { get; set; }

    public string? GatewayId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? SentAt { get; set; }

    public DateTime? DeliveredAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>A person's choices: channel, language, reminders. Notices of messages are sent whatever they say.</summary>
internal sealed class Preference
{
    public Guid PersonId { get; set; }

    public string Channel { get; set; } = "sms";

    /// <summary>nb (bokmål) or nn (nynorsk).</summary>
    public string Language { get; set; } = "nb";

    public bool Reminders { get; set; } = true;

    public DateTime UpdatedAt { get; set; }
}

/// <summary>An appointment as Calendar last told it: what a reminder is checked against just before it goes.</summary>
internal sealed class PlannedAppointment
{
    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    public Guid UnitId { get; set; }

    public DateTime Start { get; set; }

    /// <summary>booked or cancelled.</summary>
    public string Status { get; set; } = "booked";

    public bool ExemptFromParentalAccess { get; set; }

    public bool YouthService { get; set; }

    public DateTime UpdatedAt { get; set; }
}

internal sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "notifications";

    public override string Schema => SchemaName;

    public DbSet<Notice> Notices => Set<Notice>();

    public DbSet<Preference> Preferences => Set<Preference>();

    public DbSet<PlannedAppointment> Appointments => Set<PlannedAppointment>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Notice>(n =>
        {
            n.ToTable("notices");
            n.Property(x => x.Kind).HasMaxLength(32);
            n.Property(x => x.SourceKey).HasMaxLength(200);
            n.Property(x => x.Channel).HasMaxLength(8);
            n.Property(x => x.State).HasMaxLength(16);
            n.Property(x => x.DropReason).HasMaxLength(64);
            n.Property(x => x.LockedBy).HasMaxLength(128);
            n.Property(x => x.LastError).HasMaxLength(2000);
            n.Property(x => x.TraceParent).HasMaxLength(OutboxTables.TraceParentLength);
            n.Property(x => x.GatewayId).HasMaxLength(100);
            n.HasIndex(x => new { x.SourceKey, x.RecipientPersonId }).IsUnique();
            n.HasIndex(x => new { x.State, x.NextAttemptAt });
            n.HasIndex(x => x.AppointmentId);
            n.HasIndex(x => x.GatewayId);
            n.HasIndex(x => new { x.UnitId, x.CreatedAt });
        });
        modelBuilder.Entity<Preference>(p =>
        {
            p.ToTable("preferences");
            p.HasKey(x => x.PersonId);
            p.Property(x => x.Channel).HasMaxLength(8);
            p.Property(x => x.Language).HasMaxLength(2);
        });
        modelBuilder.Entity<PlannedAppointment>(a =>
        {
            a.ToTable("appointments");
            a.Property(x => x.Status).HasMaxLength(16);
        });
    }
}

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
