using DigiHelsestasjon.BuildingBlocks.Persistence;

namespace DigiHelsestasjon.ModuleName.Persistence;

/// <summary>How <c>dotnet ef</c> builds this module's context (scripts/add-migration.sh).</summary>
internal sealed class ModuleNameDesignTimeFactory() : ModuleDesignTimeFactory<ModuleNameDbContext>(ModuleNameDbContext.SchemaName);
