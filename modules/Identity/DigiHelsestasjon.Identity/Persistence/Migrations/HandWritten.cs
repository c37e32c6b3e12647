using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DigiHelsestasjon.Identity.Persistence;

[DbContext(typeof(IdentityDbContext))]
[Migration("20261122010000_Initial")]
internal sealed class IdentityInitial : Migration
{
    private const string S = IdentityDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.EnsureModuleSchema(S);
        migrationBuilder.CreateOutboxAndInbox(S);

        var persons = migrationBuilder.Table(S, "persons");
        migrationBuilder.CreateTable(
            name: persons,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Pid = t.Column<string>(maxLength: 11, nullable: false),
                Name = t.Column<string>(maxLength: 200, nullable: false),
                BirthDate = t.Column<DateOnly>(nullable: false),
                ProtectedAddress = t.Column<bool>(nullable: false),
                RefreshedAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{persons}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{persons}_Pid", persons, "Pid", migrationBuilder.Schema(S), unique: true);

        var fullmakter = migrationBuilder.Table(S, "powers_of_attorney");
        migrationBuilder.CreateTable(
            name: fullmakter,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                GiverId = t.Column<Guid>(nullable: false),
                ReceiverId = t.Column<Guid>(nullable: false),
                Scopes = t.Column<string>(maxLength: 500, nullable: false),
                GrantedAt = t.Column<DateTime>(nullable: false),
                ValidTo = t.Column<DateTime>(nullable: true),
                EndedAt = t.Column<DateTime>(nullable: true),
                EndedBy = t.Column<Guid>(nullable: true),
            },
            constraints: t => t.PrimaryKey($"PK_{fullmakter}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{fullmakter}_GiverId", fullmakter, "GiverId", migrationBuilder.Schema(S));
        migrationBuilder.CreateIndex($"IX_{fullmakter}_ReceiverId", fullmakter, "ReceiverId", migrationBuilder.Schema(S));

        var log = migrationBuilder.Table(S, "access_log");
        migrationBuilder.CreateTable(
            name: log,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Time = t.Column<DateTime>(nullable: false),
                SubjectId = t.Column<Guid>(nullable: false),
                ActorId = t.Column<Guid>(nullable: true),
                ActorName = t.Column<string>(maxLength: 200, nullable: false),
                Relation = t.Column<string>(maxLength: 32, nullable: false),
                Action = t.Column<string>(maxLength: 100, nullable: false),
                Purpose = t.Column<string>(maxLength: 200, nullable: false),
                Outcome = t.Column<string>(maxLength: 16, nullable: false),
                System = t.Column<string>(maxLength: 64, nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{log}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{log}_SubjectId_Time", log, ["SubjectId", "Time"], migrationBuilder.Schema(S));
    }
}

[DbContext(typeof(IdentityDbContext))]
[Migration("20261205120000_EndedWebSessions")]
internal sealed class IdentityEndedWebSessions : Migration
{
    private const string S = IdentityDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var sessions = migrationBuilder.Table(S, "ended_web_sessions");
        migrationBuilder.CreateTable(
            name: sessions,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<string>(maxLength: 64, nullable: false),
                ExpiresAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{sessions}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{sessions}_ExpiresAt", sessions, "ExpiresAt", migrationBuilder.Schema(S));
    }
}

/// <summary>The host's data-protection key ring (login cookies, the OpenID Connect handler's state), shared by every
/// instance on the database.</summary>
[DbContext(typeof(IdentityDbContext))]
[Migration("20261206000000_DataProtectionKeys")]
internal sealed class IdentityDataProtectionKeys : Migration
{
    private const string S = IdentityDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var keys = migrationBuilder.Table(S, "data_protection_keys");
        migrationBuilder.CreateTable(
            name: keys,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                FriendlyName = t.Column<string>(nullable: true),
                Xml = t.Column<string>(nullable: true),
            },
            constraints: t => t.PrimaryKey($"PK_{keys}", x => x.Id));
    }
}

/// <summary>The trace of the request that raised an event goes on when the event is published.</summary>
[DbContext(typeof(IdentityDbContext))]
[Migration("20261206100000_TraceParent")]
internal sealed class IdentityTraceParent : Migration
{
    private const string S = IdentityDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.AddOutboxTraceParent(S);
}
