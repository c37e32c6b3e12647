using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.Calendar;
using DigiHelsestasjon.Directory;
using DigiHelsestasjon.EpjIntegration;
using DigiHelsestasjon.HealthRecords;
using DigiHelsestasjon.Identity;
using DigiHelsestasjon.Messaging;
using DigiHelsestasjon.Notifications;
using DigiHelsestasjon.YouthChat;

namespace DigiHelsestasjon.Host;

/// <summary>Every module the host knows. A new module is one line here; configuration
/// (<c>Modules:&lt;Name&gt;:Enabled</c>) decides whether it runs.</summary>
public static class ModuleRegistry
{
    public static IReadOnlyList<IModule> All { get; } =
    [
        new IdentityModule(),
        new DirectoryModule(),
        new EpjIntegrationModule(),
        new CalendarModule(),
        new MessagingModule(),
        new NotificationsModule(),
        new YouthChatModule(),
        new HealthRecordsModule(),
    ];
}
