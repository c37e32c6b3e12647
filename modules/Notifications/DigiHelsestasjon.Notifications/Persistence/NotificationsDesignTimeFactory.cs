using DigiHelsestasjon.BuildingBlocks.Persistence;

namespace DigiHelsestasjon.Notifications.Persistence;

/// <summary>How <c>dotnet ef</c> builds this module's context (scripts/add-migration.sh).</summary>
internal sealed class NotificationsDesignTimeFactory() : ModuleDesignTimeFactory<NotificationsDbContext>(NotificationsDbContext.SchemaName);
