using DigiHelsestasjon.BuildingBlocks.Persistence;

namespace DigiHelsestasjon.Calendar.Persistence;

/// <summary>How <c>dotnet ef</c> builds this module's context (scripts/add-migration.sh).</summary>
internal sealed class CalendarDesignTimeFactory() : ModuleDesignTimeFactory<CalendarDbContext>(CalendarDbContext.SchemaName);
