using DigiHelsestasjon.BuildingBlocks.Persistence;

namespace DigiHelsestasjon.YouthChat.Persistence;

/// <summary>How <c>dotnet ef</c> builds this module's context (scripts/add-migration.sh).</summary>
internal sealed class YouthChatDesignTimeFactory() : ModuleDesignTimeFactory<YouthChatDbContext>(YouthChatDbContext.SchemaName);
