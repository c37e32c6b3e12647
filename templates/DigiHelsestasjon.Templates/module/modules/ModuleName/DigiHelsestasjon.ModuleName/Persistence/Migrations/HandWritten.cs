using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DigiHelsestasjon.ModuleName.Persistence;

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
