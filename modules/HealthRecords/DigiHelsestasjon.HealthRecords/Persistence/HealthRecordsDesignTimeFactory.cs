using DigiHelsestasjon.BuildingBlocks.Persistence;

namespace DigiHelsestasjon.HealthRecords.Persistence;

/// <summary>How <c>dotnet ef</c> builds this module's context (scripts/add-migration.sh).</summary>
internal sealed class HealthRecordsDesignTimeFactory() : ModuleDesignTimeFactory<HealthRecordsDbContext>(HealthRecordsDbContext.SchemaName);
