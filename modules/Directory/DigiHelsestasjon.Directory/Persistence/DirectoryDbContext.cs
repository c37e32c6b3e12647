using DigiHelsestasjon.BuildingBlocks.Outbox;
using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Directory.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DigiHelsestasjon.Directory.Persistence;

internal sealed class Municipality
{
    public string Kommunenummer { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>The policies as JSON: they change shape more often than they are queried.</summary>
    public string Policies { get; set; } = "";

    public DateTime UpdatedAt { get; set; }

    public MunicipalityPolicies ReadPolicies() => JsonSerializer.Deserialize<MunicipalityPolicies>(Policies, JsonSerializerOptions.Web) ?? MunicipalityPolicies.Default;

    public void WritePolicies(MunicipalityPolicies policies) => Policies = JsonSerializer.Serialize(policies, JsonSerializerOptions.Web);
}

internal sealed class Unit
{
    public Guid Id { get; set; }

    public string Kommunenummer { get; set; } = "";

    public string Name { get; set; } = "";

    public string Type { get; set; } = "";

    public string HerId { get; set; } = "";

    public string Address { get; set; } = "";

    public string OpeningHours { get; set; } = "";

    /// <summary>The unit's phone number as people dial it (<c>+47 22 00 00 00</c>); null when none is given.</summary>
    public string? Phone { get; set; }

    /// <summary>The unit's own youth-chat hours as JSON; null: the municipality's.</summary>
    public string? ChatOpeningHours { get; set; }

    public string? EpjVendor { get; set; }

    public string? EpjTransport { get; set; }

    public string? EpjEndpoint { get; set; }

    public string? EpjInstallationId { get; set; }

    /// <summary>test or production.</summary>
    public string? EpjEnvironment { get; set; }

    public string? EpjSecretName { get; set; }

    public UnitInfo ToInfo() => new(Id, Kommunenummer, Name, Type, HerId, Address, OpeningHours,
        EpjVendor is null ? null : new EpjConnection(EpjVendor, EpjTransport ?? "in-process", EpjEndpoint, EpjInstallationId ?? "", EpjEnvironment ?? EpjEnvironments.Production, EpjSecretName));

    public void Connect(EpjConnection? connection)
    {
        (EpjVendor, EpjTransport, EpjEndpoint, EpjInstallationId) = (connection?.Vendor, connection?.Transport, connection?.Endpoint, connection?.InstallationId);
        (EpjEnvironment, EpjSecretName) = (connection?.Environment, connection?.SecretName);
    }
}

internal sealed class DirectoryDbContext(DbContextOptions<DirectoryDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "directory";

    public override string Schema => SchemaName;

    public DbSet<Municipality> Municipalities => Set<Municipality>();

    public DbSet<Unit> Units => Set<Unit>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Municipality>(m =>
        {
            m.ToTable("municipalities");
            m.HasKey(x => x.Kommunenummer);
            m.Property(x => x.Kommunenummer).HasMaxLength(4);
            m.Property(x => x.Name).HasMaxLength(200);
        });
        modelBuilder.Entity<Unit>(u =>
        {
            u.ToTable("units");
            u.Property(x => x.Kommunenummer).HasMaxLength(4);
            u.Property(x => x.Name).HasMaxLength(200);
            u.Property(x => x.Type).HasMaxLength(32);
            u.Property(x => x.HerId).HasMaxLength(20);
            u.Property(x => x.Address).HasMaxLength(300);
            u.Property(x => x.OpeningHours).HasMaxLength(300);
            u.Property(x => x.ChatOpeningHours).HasMaxLength(2000);
            u.Property(x => x.Phone).HasMaxLength(20);
            u.Property(x => x.EpjVendor).HasMaxLength(32);
            u.Property(x => x.EpjTransport).HasMaxLength(16);
            u.Property(x => x.EpjEndpoint).HasMaxLength(500);
            u.Property(x => x.EpjInstallationId).HasMaxLength(100);
            u.Property(x => x.EpjEnvironment).HasMaxLength(16);
            u.Property(x => x.EpjSecretName).HasMaxLength(100);
            u.HasIndex(x => x.HerId).IsUnique();
            u.HasIndex(x => x.Kommunenummer);
        });
    }
}

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
