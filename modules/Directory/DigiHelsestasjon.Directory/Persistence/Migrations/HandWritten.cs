using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DigiHelsestasjon.Directory.Persistence;

[DbContext(typeof(DirectoryDbContext))]
[Migration("20261122020000_Initial")]
internal sealed class DirectoryInitial : Migration
{
    private const string S = DirectoryDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.EnsureModuleSchema(S);
        migrationBuilder.CreateOutboxAndInbox(S);

        var municipalities = migrationBuilder.Table(S, "municipalities");
        migrationBuilder.CreateTable(
            name: municipalities,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Kommunenummer = t.Column<string>(maxLength: 4, nullable: false),
                Name = t.Column<string>(maxLength: 200, nullable: false),
                Policies = t.Column<string>(nullable: false),
                UpdatedAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{municipalities}", x => x.Kommunenummer));

        var units = migrationBuilder.Table(S, "units");
        migrationBuilder.CreateTable(
            name: units,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Kommunenummer = t.Column<string>(maxLength: 4, nullable: false),
                Name = t.Column<string>(maxLength: 200, nullable: false),
                Type = t.Column<string>(maxLength: 32, nullable: false),
                HerId = t.Column<string>(maxLength: 20, nullable: false),
                Address = t.Column<string>(maxLength: 300, nullable: false),
                OpeningHours = t.Column<string>(maxLength: 300, nullable: false),
                EpjVendor = t.Column<string>(maxLength: 32, nullable: true),
                EpjTransport = t.Column<string>(maxLength: 16, nullable: true),
                EpjEndpoint = t.Column<string>(maxLength: 500, nullable: true),
                EpjInstallationId = t.Column<string>(maxLength: 100, nullable: true),
            },
            constraints: t => t.PrimaryKey($"PK_{units}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{units}_HerId", units, "HerId", migrationBuilder.Schema(S), unique: true);
        migrationBuilder.CreateIndex($"IX_{units}_Kommunenummer", units, "Kommunenummer", migrationBuilder.Schema(S));
    }
}

[DbContext(typeof(DirectoryDbContext))]
[Migration("20261122180000_UnitChatOpeningHours")]
internal sealed class DirectoryUnitChatOpeningHours : Migration
{
    private const string S = DirectoryDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>("ChatOpeningHours", migrationBuilder.Table(S, "units"), maxLength: 2000, nullable: true, schema: migrationBuilder.Schema(S));
}

[DbContext(typeof(DirectoryDbContext))]
[Migration("20261122210000_UnitEpjEnvironment")]
internal sealed class DirectoryUnitEpjEnvironment : Migration
{
    private const string S = DirectoryDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var units = migrationBuilder.Table(S, "units");
        migrationBuilder.AddColumn<string>("EpjEnvironment", units, maxLength: 16, nullable: true, schema: migrationBuilder.Schema(S));
        migrationBuilder.AddColumn<string>("EpjSecretName", units, maxLength: 100, nullable: true, schema: migrationBuilder.Schema(S));
    }
}

[DbContext(typeof(DirectoryDbContext))]
[Migration("20261205160000_UnitPhone")]
internal sealed class DirectoryUnitPhone : Migration
{
    private const string S = DirectoryDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>("Phone", migrationBuilder.Table(S, "units"), maxLength: 20, nullable: true, schema: migrationBuilder.Schema(S));
}

/// <summary>The trace of the request that raised an event goes on when the event is published.</summary>
[DbContext(typeof(DirectoryDbContext))]
[Migration("20261206100000_TraceParent")]
internal sealed class DirectoryTraceParent : Migration
{
    private const string S = DirectoryDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.AddOutboxTraceParent(S);
}
