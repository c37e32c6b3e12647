using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DigiHelsestasjon.Calendar.Persistence;

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
