using DigiHelsestasjon.BuildingBlocks.Persistence;

namespace DigiHelsestasjon.Messaging.Persistence;

/// <summary>How <c>dotnet ef</c> builds this module's context (scripts/add-migration.sh).</summary>
internal sealed class MessagingDesignTimeFactory() : ModuleDesignTimeFactory<MessagingDbContext>(MessagingDbContext.SchemaName);
