using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DigiHelsestasjon.Calendar.Persistence;

/// <summary>An appointment as the EPJ last published it, plus the citizen's cancellation.</summary>
internal sealed class Appointment
{
    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    public Guid UnitId { get; set; }

    public string EpjAppointmentId { get; set; } = "";

    public long Version { get; set; }

    public DateTime Start { get; set; }

    public DateTime End { get; set; }

    public string Type { get; set; } = "";

    public string PractitionerRole { get; set; } = "";

    public string Location { get; set; } = "";

    public bool ExemptFromParentalAccess { get; set; }

    /// <summary>With the youth clinic (HFU): the youth's own contact, never shown to parents from 12.</summary>
    public bool YouthService { get; set; }

    /// <summary>booked, cancelled, attended, noShow.</summary>
    public string Status { get; set; } = "booked";

    /// <summary>null, requested, accepted or refused.</summary>
    public string? CancellationState { get; set; }

    public string? CancellationReason { get; set; }

    public string? CancellationDecisionReason { get; set; }

    public Guid? CancellationMessageId { get; set; }

    public DateTime? CancellationRequestedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>An iCalendar subscription: an unguessable token (only its hash is stored) that shows one
/// subject's appointments as the actor who made it may see them, until revoked.</summary>
internal sealed class CalendarFeed
{
    public Guid Id { get; set; }

    public Guid SubjectId { get; set; }

    public Guid ActorPersonId { get; set; }

    public string TokenHash { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}

/// <summary>A municipality's own text about a kind of appointment (see AppointmentInformationCatalog).</summary>
internal sealed class InformationText
{
    public Guid Id { get; set; }

    public string Kommunenummer { get; set; } = "";

    public string Match { get; set; } = "";

    public string Text { get; set; } = "";

    public DateTime UpdatedAt { get; set; }
}

/// <summary>A kind of appointment a unit opens to self-booking (the municipality's policy per unit and kind).</summary>
internal sealed class SelfBookingKind
{
    public Guid Id { get; set; }

    public Guid UnitId { get; set; }

    public string Kommunenummer { get; set; } = "";

    public string Kind { get; set; } = "";

    public DateTime UpdatedAt { get; set; }
}

/// <summary>A citizen's reservation of a free slot, followed through the journal's answer. Booked only when the journal
/// confirms; the appointment itself arrives as the journal publishes it.</summary>
internal sealed class Booking
{
    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    public Guid ActorPersonId { get; set; }

    /// <summary>self, parent or fullmakt: as the journal records who booked.</summary>
    public string ActorRelation { get; set; } = "";

    public Guid UnitId { get; set; }

    public string EpjSlotId { get; set; } = "";

    public string Kind { get; set; } = "";

    public DateTime Start { get; set; }

    public DateTime End { get; set; }

    /// <summary>requested, confirmed or refused.</summary>
    public string State { get; set; } = "requested";

    /// <summary>The reservation's id to the journal (its delivery item), stable across retries.</summary>
    public Guid MessageId { get; set; }

    public string? EpjAppointmentId { get; set; }

    /// <summary>Rebooking: the appointment to cancel once this one is confirmed.</summary>
    public Guid? ReplacesAppointmentId { get; set; }

    public string? Reason { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>When to take the booking up again if the request that made it stopped before the journal's answer was
    /// applied (<see cref="Features.BookingResumeQueue"/>); null once it was.</summary>
    public DateTime? ResumeAt { get; set; }

    public string? LockedBy { get; set; }

    public DateTime? LeaseUntil { get; set; }
}

internal sealed class CalendarDbContext(DbContextOptions<CalendarDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "calendar";

    public override string Schema => SchemaName;

    public DbSet<Appointment> Appointments => Set<Appointment>();

    public DbSet<CalendarFeed> Feeds => Set<CalendarFeed>();

    public DbSet<InformationText> InformationTexts => Set<InformationText>();

    public DbSet<SelfBookingKind> SelfBookingKinds => Set<SelfBookingKind>();

    public DbSet<Booking> Bookings => Set<Booking>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Appointment>(a =>
        {
            a.ToTable("appointments");
            a.Property(x => x.EpjAppointmentId).HasMaxLength(100);
            a.Property(x => x.Type).HasMaxLength(200);
            a.Property(x => x.PractitionerRole).HasMaxLength(100);
            a.Property(x => x.Location).HasMaxLength(300);
            a.Property(x => x.Status).HasMaxLength(16);
            a.Property(x => x.CancellationState).HasMaxLength(16);
            a.Property(x => x.CancellationReason).HasMaxLength(500);
            a.Property(x => x.CancellationDecisionReason).HasMaxLength(1000);
            a.HasIndex(x => new { x.UnitId, x.EpjAppointmentId }).IsUnique();
            a.HasIndex(x => new { x.PersonId, x.Start });
            a.HasIndex(x => x.CancellationMessageId);
        });
        modelBuilder.Entity<CalendarFeed>(f =>
        {
            f.ToTable("feeds");
            f.Property(x => x.TokenHash).HasMaxLength(64);
            f.HasIndex(x => x.TokenHash).IsUnique();
            f.HasIndex(x => new { x.SubjectId, x.ActorPersonId });
        });
        modelBuilder.Entity<InformationText>(t =>
        {
            t.ToTable("information_texts");
            t.Property(x => x.Kommunenummer).HasMaxLength(4);
            t.Property(x => x.Match).HasMaxLength(100);
            t.Property(x => x.Text).HasMaxLength(2000);
            t.HasIndex(x => new { x.Kommunenummer, x.Match }).IsUnique();
        });
        modelBuilder.Entity<SelfBookingKind>(k =>
        {
            k.ToTable("self_booking_kinds");
            k.Property(x => x.Kommunenummer).HasMaxLength(4);
            k.Property(x => x.Kind).HasMaxLength(200);
            k.HasIndex(x => new { x.UnitId, x.Kind }).IsUnique();
            k.HasIndex(x => x.Kommunenummer);
        });
        modelBuilder.Entity<Booking>(b =>
        {
            b.ToTable("bookings");
            b.Property(x => x.ActorRelation).HasMaxLength(16);
            b.Property(x => x.EpjSlotId).HasMaxLength(200);
            b.Property(x => x.Kind).HasMaxLength(200);
            b.Property(x => x.State).HasMaxLength(16);
            b.Property(x => x.EpjAppointmentId).HasMaxLength(100);
            b.Property(x => x.Reason).HasMaxLength(1000);
            b.HasIndex(x => x.MessageId).IsUnique();
            b.HasIndex(x => new { x.PersonId, x.CreatedAt });
            b.Property(x => x.LockedBy).HasMaxLength(128);
            b.HasIndex(x => x.ResumeAt);
        });
    }
}

[DbContext(typeof(CalendarDbContext))]
[Migration("20261122040000_Initial")]
internal sealed class CalendarInitial : Migration
{
    private const string S = CalendarDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.EnsureModuleSchema(S);
        migrationBuilder.CreateOutboxAndInbox(S);

        var appointments = migrationBuilder.Table(S, "appointments");
        migrationBuilder.CreateTable(
            name: appointments,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                PersonId = t.Column<Guid>(nullable: false),
                UnitId = t.Column<Guid>(nullable: false),
                EpjAppointmentId = t.Column<string>(maxLength: 100, nullable: false),
                Version = t.Column<long>(nullable: false),
                Start = t.Column<DateTime>(nullable: false),
                End = t.Column<DateTime>(nullable: false),
                Type = t.Column<string>(maxLength: 200, nullable: false),
                PractitionerRole = t.Column<string>(maxLength: 100, nullable: false),
                Location = t.Column<string>(maxLength: 300, nullable: false),
                ExemptFromParentalAccess = t.Column<bool>(nullable: false),
                YouthService = t.Column<bool>(nullable: false),
                Status = t.Column<string>(maxLength: 16, nullable: false),
                CancellationState = t.Column<string>(maxLength: 16, nullable: true),
                CancellationReason = t.Column<string>(maxLength: 500, nullable: true),
                CancellationDecisionReason = t.Column<string>(maxLength: 1000, nullable: true),
                CancellationMessageId = t.Column<Guid>(nullable: true),
                CancellationRequestedAt = t.Column<DateTime>(nullable: true),
                UpdatedAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{appointments}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{appointments}_UnitId_EpjAppointmentId", appointments, ["UnitId", "EpjAppointmentId"], migrationBuilder.Schema(S), unique: true);
        migrationBuilder.CreateIndex($"IX_{appointments}_PersonId_Start", appointments, ["PersonId", "Start"], migrationBuilder.Schema(S));
        migrationBuilder.CreateIndex($"IX_{appointments}_CancellationMessageId", appointments, "CancellationMessageId", migrationBuilder.Schema(S));

        var feeds = migrationBuilder.Table(S, "feeds");
        migrationBuilder.CreateTable(
            name: feeds,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                SubjectId = t.Column<Guid>(nullable: false),
                ActorPersonId = t.Column<Guid>(nullable: false),
                TokenHash = t.Column<string>(maxLength: 64, nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                RevokedAt = t.Column<DateTime>(nullable: true),
            },
            constraints: t => t.PrimaryKey($"PK_{feeds}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{feeds}_TokenHash", feeds, "TokenHash", migrationBuilder.Schema(S), unique: true);
        migrationBuilder.CreateIndex($"IX_{feeds}_SubjectId_ActorPersonId", feeds, ["SubjectId", "ActorPersonId"], migrationBuilder.Schema(S));
    }
}

[DbContext(typeof(CalendarDbContext))]
[Migration("20261122100000_InformationTexts")]
internal sealed class CalendarInformationTexts : Migration
{
    private const string S = CalendarDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var texts = migrationBuilder.Table(S, "information_texts");
        migrationBuilder.CreateTable(
            name: texts,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Kommunenummer = t.Column<string>(maxLength: 4, nullable: false),
                Match = t.Column<string>(maxLength: 100, nullable: false),
                Text = t.Column<string>(maxLength: 2000, nullable: false),
                UpdatedAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{texts}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{texts}_Kommunenummer_Match", texts, ["Kommunenummer", "Match"], migrationBuilder.Schema(S), unique: true);
    }
}

[DbContext(typeof(CalendarDbContext))]
[Migration("20261123000000_SelfBooking")]
internal sealed class CalendarSelfBooking : Migration
{
    private const string S = CalendarDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var kinds = migrationBuilder.Table(S, "self_booking_kinds");
        migrationBuilder.CreateTable(
            name: kinds,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                UnitId = t.Column<Guid>(nullable: false),
                Kommunenummer = t.Column<string>(maxLength: 4, nullable: false),
                Kind = t.Column<string>(maxLength: 200, nullable: false),
                UpdatedAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{kinds}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{kinds}_UnitId_Kind", kinds, ["UnitId", "Kind"], migrationBuilder.Schema(S), unique: true);
        migrationBuilder.CreateIndex($"IX_{kinds}_Kommunenummer", kinds, "Kommunenummer", migrationBuilder.Schema(S));

        var bookings = migrationBuilder.Table(S, "bookings");
        migrationBuilder.CreateTable(
            name: bookings,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                PersonId = t.Column<Guid>(nullable: false),
                ActorPersonId = t.Column<Guid>(nullable: false),
                ActorRelation = t.Column<string>(maxLength: 16, nullable: false),
                UnitId = t.Column<Guid>(nullable: false),
                EpjSlotId = t.Column<string>(maxLength: 200, nullable: false),
                Kind = t.Column<string>(maxLength: 200, nullable: false),
                Start = t.Column<DateTime>(nullable: false),
                End = t.Column<DateTime>(nullable: false),
                State = t.Column<string>(maxLength: 16, nullable: false),
                MessageId = t.Column<Guid>(nullable: false),
                EpjAppointmentId = t.Column<string>(maxLength: 100, nullable: true),
                ReplacesAppointmentId = t.Column<Guid>(nullable: true),
                Reason = t.Column<string>(maxLength: 1000, nullable: true),
                CreatedAt = t.Column<DateTime>(nullable: false),
                UpdatedAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{bookings}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{bookings}_MessageId", bookings, "MessageId", migrationBuilder.Schema(S), unique: true);
        migrationBuilder.CreateIndex($"IX_{bookings}_PersonId_CreatedAt", bookings, ["PersonId", "CreatedAt"], migrationBuilder.Schema(S));
    }
}

/// <summary>A booking whose request stopped between saving it and applying the journal's answer is taken up again.</summary>
[DbContext(typeof(CalendarDbContext))]
[Migration("20261123060000_BookingResume")]
internal sealed class CalendarBookingResume : Migration
{
    private const string S = CalendarDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var bookings = migrationBuilder.Table(S, "bookings");
        migrationBuilder.AddColumn<DateTime>("ResumeAt", bookings, schema: migrationBuilder.Schema(S), nullable: true);
        migrationBuilder.AddColumn<string>("LockedBy", bookings, schema: migrationBuilder.Schema(S), maxLength: 128, nullable: true);
        migrationBuilder.AddColumn<DateTime>("LeaseUntil", bookings, schema: migrationBuilder.Schema(S), nullable: true);
        migrationBuilder.CreateIndex($"IX_{bookings}_ResumeAt", bookings, "ResumeAt", migrationBuilder.Schema(S));
    }
}

/// <summary>The trace of the request that raised an event goes on when the event is published.</summary>
[DbContext(typeof(CalendarDbContext))]
[Migration("20261206100000_TraceParent")]
internal sealed class CalendarTraceParent : Migration
{
    private const string S = CalendarDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.AddOutboxTraceParent(S);
}
