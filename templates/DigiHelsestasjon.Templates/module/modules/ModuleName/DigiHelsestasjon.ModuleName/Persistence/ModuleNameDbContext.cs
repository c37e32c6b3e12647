using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DigiHelsestasjon.ModuleName.Persistence;

using DigiHelsestasjon.ModuleName.Persistence.Configurations;
using DigiHelsestasjon.ModuleName.Persistence.Entities;

/// <summary>The module's own schema; no other module reads it.</summary>
internal sealed class ModuleNameDbContext(DbContextOptions<ModuleNameDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "modulename";

    public override string Schema => SchemaName;

    public DbSet<Note> Notes => Set<Note>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new NoteConfiguration());
    }
}
