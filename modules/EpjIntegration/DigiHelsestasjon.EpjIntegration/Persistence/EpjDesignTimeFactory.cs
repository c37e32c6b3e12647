using DigiHelsestasjon.BuildingBlocks.Persistence;

namespace DigiHelsestasjon.EpjIntegration.Persistence;

/// <summary>How <c>dotnet ef</c> builds this module's context (scripts/add-migration.sh).</summary>
internal sealed class EpjDesignTimeFactory() : ModuleDesignTimeFactory<EpjDbContext>(EpjDbContext.SchemaName);
