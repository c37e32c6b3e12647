using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DigiHelsestasjon.ModuleName.Persistence;

internal sealed class Note
{
    public Guid Id { get; set; }

    public string Kommunenummer { get; set; } = "";

    public string Text { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}

/// <summary>The module's own schema; no other module reads it.</summary>
internal sealed class ModuleNameDbContext(DbContextOptions<ModuleNameDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "modulename";

    public override string Schema => SchemaName;

    public DbSet<Note> Notes => Set<Note>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Note>(n =>
        {
            n.ToTable("notes");
            n.Property(x => x.Kommunenummer).HasMaxLength(4);
            n.Property(x => x.Text).HasMaxLength(2000);
            n.HasIndex(x => new { x.Kommunenummer, x.CreatedAt });
        });
    }
}

/// <summary>Written by hand (no EF design tools here); the host's migration test proves it builds exactly the model, on SQLite and PostgreSQL.
/// Every later change is a new migration class.</summary>
[DbContext(typeof(ModuleNameDbContext))]
[Migration("20261201000000_Initial")]
internal sealed class ModuleNameInitial : Migration
{
    private const string S = ModuleNameDbContext.SchemaName;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.EnsureModuleSchema(S);
        migrationBuilder.CreateOutboxAndInbox(S);
        migrationBuilder.AddOutboxTraceParent(S);

        var notes = migrationBuilder.Table(S, "notes");
        migrationBuilder.CreateTable(
            name: notes,
            schema: migrationBuilder.Schema(S),
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Kommunenummer = t.Column<string>(maxLength: 4, nullable: false),
                Text = t.Column<string>(maxLength: 2000, nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey($"PK_{notes}", x => x.Id));
        migrationBuilder.CreateIndex($"IX_{notes}_Kommunenummer_CreatedAt", notes, ["Kommunenummer", "CreatedAt"], migrationBuilder.Schema(S));
    }
}
