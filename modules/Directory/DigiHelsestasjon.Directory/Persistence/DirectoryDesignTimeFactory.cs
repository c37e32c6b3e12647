using DigiHelsestasjon.BuildingBlocks.Persistence;

namespace DigiHelsestasjon.Directory.Persistence;

/// <summary>How <c>dotnet ef</c> builds this module's context (scripts/add-migration.sh).</summary>
internal sealed class DirectoryDesignTimeFactory() : ModuleDesignTimeFactory<DirectoryDbContext>(DirectoryDbContext.SchemaName);
