using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DigiHelsestasjon.EpjIntegration.Persistence;

/// <summary>One message to or from a journal, with its three acknowledgement levels. Holds no
/// fødselsnummer: outbound items name the person by id and resolve it at delivery; inbound items keep a summary.</summary>
internal sealed class EpjItem
{
    public const string Outbound = "outbound";
    public const string Inbound = "inbound";

    public Guid Id { get; set; }

    public string Direction { get; set; } = Outbound;

    public Guid MessageId { get; set; }

    public string InstallationId { get; set; } = "";

    /// <summary>citizen-message, cancellation; or the inbound message type.</summary>
    public string Kind { get; set; } = "";

    public string Kommunenummer { get; set; } = "";

    public Guid UnitId { get; set; }

    public string State { get; set; } = "";

    /// <summary>Outbound: the request event as JSON. Inbound: a summary without personal data.</summary>
    public string Payload { get; set; } = "";

    /// <summary>Level 1: the connector answered.</summary>
    public bool TransportDelivered { get; set; }

    /// <summary>Level 2: ok, rejected, okWithErrors.</summary>
    public string? ReceiptStatus { get; set; }

    /// <summary>Level 3: journaled, refused, pendingManualReview.</summary>
    public string? Outcome { get; set; }

    public string? DocumentReference { get; set; }

    public string? Reason { get; set; }

    public string? ErrorCodes { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public DateTime? LeaseUntil { get; set; }

    /// <summary>The process holding the lease (a delivery claim), so that a worker that lost its lease cannot finish someone else's claim.</summary>
    public string? LockedBy { get; set; }

    public string? LastError { get; set; }

    /// <summary>Outbound: the W3C traceparent of the work that queued the item; the delivery's span continues that trace.</summary>
    public string? TraceParent { get; set; }

    /// <summary>Inbound: the receipt first answered, returned again for a duplicate.</summary>
    public string? Response { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>The newest version seen per journal appointment: an older one never overwrites it.</summary>
internal sealed class AppointmentVersion
{
    public string InstallationId { get; set; } = "";

    public string EpjAppointmentId { get; set; } = "";

    public long Version { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>One acceptance test of a municipality's test connections: the counts and every case, as the admin sees them.</summary>
internal sealed class AcceptanceRun
{
    public Guid Id { get; set; }

    public string Kommunenummer { get; set; } = "";

    /// <summary>Who ran it (the HelseID subject).</summary>
    public string RunBy { get; set; } = "";

    public DateTime StartedAt { get; set; }

    public int Passed { get; set; }

    public int Failed { get; set; }

    public int Skipped { get; set; }

    /// <summary>The installations the run covered, comma-separated.</summary>
    public string Installations { get; set; } = "";

    /// <summary>Every case as JSON: connection, check, verdict, why.</summary>
    public string Cases { get; set; } = "";
}

/// <summary>What was done to a unit's journal connection, by whom and when (connected, promoted to production).</summary>
internal sealed class ConnectionAudit
{
    public Guid Id { get; set; }

    public Guid UnitId { get; set; }

    public string Kommunenummer { get; set; } = "";

    public string Action { get; set; } = "";

    public string Actor { get; set; } = "";

    public DateTime At { get; set; }

    public string Detail { get; set; } = "";
}

internal sealed class EpjDbContext(DbContextOptions<EpjDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "epj";

    public override string Schema => SchemaName;

    public DbSet<EpjItem> Items => Set<EpjItem>();

    public DbSet<AppointmentVersion> AppointmentVersions => Set<AppointmentVersion>();

    public DbSet<AcceptanceRun> AcceptanceRuns => Set<AcceptanceRun>();

    public DbSet<ConnectionAudit> ConnectionAudit => Set<ConnectionAudit>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AcceptanceRun>(r =>
        {
            r.ToTable("acceptance_runs");
            r.Property(x => x.Kommunenummer).HasMaxLength(4);
            r.Property(x => x.RunBy).HasMaxLength(100);
            r.Property(x => x.Installations).HasMaxLength(1000);
            r.HasIndex(x => new { x.Kommunenummer, x.StartedAt });
        });
        modelBuilder.Entity<ConnectionAudit>(a =>
        {
            a.ToTable("connection_audit");
            a.Property(x => x.Kommunenummer).HasMaxLength(4);
            a.Property(x => x.Action).HasMaxLength(32);
            a.Property(x => x.Actor).HasMaxLength(100);
            a.Property(x => x.Detail).HasMaxLength(1000);
            a.HasIndex(x => new { x.Kommunenummer, x.At });
        });
        modelBuilder.Entity<EpjItem>(item =>
        {
            item.ToTable("items");
            item.Property(i => i.Direction).HasMaxLength(8);
            item.Property(i => i.TraceParent).HasMaxLength(OutboxTables.TraceParentLength);
            item.Property(i => i.InstallationId).HasMaxLength(100);
            item.Property(i => i.Kind).HasMaxLength(64);
            item.Property(i => i.Kommunenummer).HasMaxLength(4);
            // The three levels are concurrency tokens: a receipt and an outcome for the same item can be handled at
            // once (a journal answers both within milliseconds), and the one that read the older state must not write
            // it back over the newer (a journaled item back to received). The loser's save fails and runs again.
            item.Property(i => i.State).HasMaxLength(20).IsConcurrencyToken();
            item.Property(i => i.ReceiptStatus).HasMaxLength(16).IsConcurrencyToken();
            item.Property(i => i.Outcome).HasMaxLength(24).IsConcurrencyToken();
            item.Property(i => i.DocumentReference).HasMaxLength(200);
            item.Property(i => i.Reason).HasMaxLength(1000);
            item.Property(i => i.ErrorCodes).HasMaxLength(200);
            item.Property(i => i.LastError).HasMaxLength(2000);
            item.Property(i => i.LockedBy).HasMaxLength(128);
            item.HasIndex(i => new { i.Direction, i.InstallationId, i.MessageId }).IsUnique();
            item.HasIndex(i => new { i.State, i.NextAttemptAt });
            item.HasIndex(i => new { i.Kommunenummer, i.CreatedAt });
        });
        modelBuilder.Entity<AppointmentVersion>(version =>
        {
            version.ToTable("appointment_versions");
            version.HasKey(v => new { v.InstallationId, v.EpjAppointmentId });
            version.Property(v => v.InstallationId).HasMaxLength(100);
            version.Property(v => v.EpjAppointmentId).HasMaxLength(100);
        });
    }
}

[DbContext(typeof(EpjDbContext))]
[Migration("20261122030000_Initial")]
internal sealed class EpjInitial : Migration
{
    private const string S = EpjDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.EnsureModuleSchema(S);
        migrationBuilder.CreateOutboxAndInbox(S);

        var items = migrationBuilder.Table(S, "items");
        migrationBuilder.CreateTable(
            name: items,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Direction = t.Column<string>(maxLength: 8, nullable: false),
                MessageId = t.Column<Guid>(nullable: false),
                InstallationId = t.Column<string>(maxLength: 100, nullable: false),
                Kind = t.Column<string>(maxLength: 64, nullable: false),
                Kommunenummer = t.Column<string>(maxLength: 4, nullable: false),
                UnitId = t.Column<Guid>(nullable: false),
                State = t.Column<string>(maxLength: 20, nullable: false),
                Payload = t.Column<string>(nullable: false),
                TransportDelivered = t.Column<bool>(nullable: false),
                ReceiptStatus = t.Column<string>(maxLength: 16, nullable: true),
                Outcome = t.Column<string>(maxLength: 24, nullable: true),
                DocumentReference = t.Column<string>(maxLength: 200, nullable: true),
                Reason = t.Column<string>(maxLength: 1000, nullable: true),
                ErrorCodes = t.Column<string>(maxLength: 200, nullable: true),
                Attempts = t.Column<int>(nullable: false),
                NextAttemptAt = t.Column<DateTime>(nullable: false),
                LeaseUntil = t.Column<DateTime>(nullable: true),
                LastError = t.Column<string>(maxLength: 2000, nullable: true),
                Response = t.Column<string>(nullable: true),
                CreatedAt = t.Column<DateTime>(nullable: false),
                UpdatedAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{items}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{items}_Direction_InstallationId_MessageId", items, ["Direction", "InstallationId", "MessageId"], migrationBuilder.Schema(S), unique: true);
        migrationBuilder.CreateIndex($"IX_{items}_State_NextAttemptAt", items, ["State", "NextAttemptAt"], migrationBuilder.Schema(S));
        migrationBuilder.CreateIndex($"IX_{items}_Kommunenummer_CreatedAt", items, ["Kommunenummer", "CreatedAt"], migrationBuilder.Schema(S));

        var versions = migrationBuilder.Table(S, "appointment_versions");
        migrationBuilder.CreateTable(
            name: versions,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                InstallationId = t.Column<string>(maxLength: 100, nullable: false),
                EpjAppointmentId = t.Column<string>(maxLength: 100, nullable: false),
                Version = t.Column<long>(nullable: false),
                UpdatedAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{versions}", x => new { x.InstallationId, x.EpjAppointmentId }));
    }
}

/// <summary>Delivery claims name their owner, as every work queue's do.</summary>
[DbContext(typeof(EpjDbContext))]
[Migration("20261122110000_ItemLockedBy")]
internal sealed class EpjItemLockedBy : Migration
{
    private const string S = EpjDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "LockedBy", table: migrationBuilder.Table(S, "items"), schema: migrationBuilder.Schema(S), maxLength: 128, nullable: true);
}

[DbContext(typeof(EpjDbContext))]
[Migration("20261122210000_Onboarding")]
internal sealed class EpjOnboarding : Migration
{
    private const string S = EpjDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var runs = migrationBuilder.Table(S, "acceptance_runs");
        migrationBuilder.CreateTable(
            name: runs,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Kommunenummer = t.Column<string>(maxLength: 4, nullable: false),
                RunBy = t.Column<string>(maxLength: 100, nullable: false),
                StartedAt = t.Column<DateTime>(nullable: false),
                Passed = t.Column<int>(nullable: false),
                Failed = t.Column<int>(nullable: false),
                Skipped = t.Column<int>(nullable: false),
                Installations = t.Column<string>(maxLength: 1000, nullable: false),
                Cases = t.Column<string>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{runs}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{runs}_Kommunenummer_StartedAt", runs, ["Kommunenummer", "StartedAt"], migrationBuilder.Schema(S));

        var audit = migrationBuilder.Table(S, "connection_audit");
        migrationBuilder.CreateTable(
            name: audit,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                UnitId = t.Column<Guid>(nullable: false),
                Kommunenummer = t.Column<string>(maxLength: 4, nullable: false),
                Action = t.Column<string>(maxLength: 32, nullable: false),
                Actor = t.Column<string>(maxLength: 100, nullable: false),
                At = t.Column<DateTime>(nullable: false),
                Detail = t.Column<string>(maxLength: 1000, nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{audit}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{audit}_Kommunenummer_At", audit, ["Kommunenummer", "At"], migrationBuilder.Schema(S));
    }
}

/// <summary>The trace of the request that raised an event, or left an item for the queue, goes on when the work is done.</summary>
[DbContext(typeof(EpjDbContext))]
[Migration("20261206100000_TraceParent")]
internal sealed class EpjTraceParent : Migration
{
    private const string S = EpjDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddOutboxTraceParent(S);
        migrationBuilder.AddColumn<string>(
            name: "TraceParent", table: migrationBuilder.Table(S, "items"), schema: migrationBuilder.Schema(S), maxLength: OutboxTables.TraceParentLength, nullable: true);
    }
}
