using System.Collections.Concurrent;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.EpjIntegration.Contracts;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.Testing;

/// <summary>Records the integration events the EPJ integration publishes, as a consuming module would see them.</summary>
public sealed class Published :
    INotificationHandler<EpjAppointmentPublished>,
    INotificationHandler<EpjDeliveryStateChanged>,
    INotificationHandler<EpjCancellationDecided>,
    INotificationHandler<Messaging.Contracts.HealthServiceMessageArrived>,
    INotificationHandler<Messaging.Contracts.CitizenMessageFailed>
{
    public ConcurrentQueue<object> Events { get; } = new();

    public IEnumerable<T> Of<T>() => Events.OfType<T>();

    public Task Handle(EpjAppointmentPublished notification, CancellationToken cancellationToken) => Record(notification);

    public Task Handle(EpjDeliveryStateChanged notification, CancellationToken cancellationToken) => Record(notification);

    public Task Handle(EpjCancellationDecided notification, CancellationToken cancellationToken) => Record(notification);

    public Task Handle(Messaging.Contracts.HealthServiceMessageArrived notification, CancellationToken cancellationToken) => Record(notification);

    public Task Handle(Messaging.Contracts.CitizenMessageFailed notification, CancellationToken cancellationToken) => Record(notification);

    private Task Record(object notification)
    {
        Events.Enqueue(notification);
        return Task.CompletedTask;
    }
}

/// <summary>The whole host with the EPJ simulators, on one database provider and one transport.</summary>
public abstract class EpjHost(DatabaseProvider provider, string transport, TimeSpan clockOffset = default) : PlatformHost(provider, clockOffset)
{
    public Published Published { get; } = new();

    public string Transport => transport;

    /// <summary>What the SMS gateway sends with its delivery reports to the report endpoint.</summary>
    public const string SmsReportSecret = "test-sms-report-secret";

    /// <summary>A shared secret configured by name (<c>Epj:Secrets:{name}</c>), as an operator would for a new connection.</summary>
    public const string OnboardingSecretName = "onboarding-test";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Simulators:EpjTransport"] = transport,
        ["Epj:Delivery:PollInterval"] = "00:00:00.050",
        ["Epj:Delivery:RetryBaseDelay"] = "00:00:10",
        ["Epj:Delivery:MaxAttempts"] = "6",
        ["Notifications:Sms:ReportSecret"] = SmsReportSecret,
        [$"Epj:Secrets:{OnboardingSecretName}"] = "a-shared-secret-for-the-onboarding-test-only",
    };

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton<INotificationHandler<EpjAppointmentPublished>>(Published);
        services.AddSingleton<INotificationHandler<EpjDeliveryStateChanged>>(Published);
        services.AddSingleton<INotificationHandler<EpjCancellationDecided>>(Published);
        services.AddSingleton<INotificationHandler<Messaging.Contracts.HealthServiceMessageArrived>>(Published);
        services.AddSingleton<INotificationHandler<Messaging.Contracts.CitizenMessageFailed>>(Published);
    }
}

/// <summary>SQLite, and the journals reached over the SDK's HTTP clients and the signed inbound endpoint.</summary>
public sealed class SqliteOverHttp() : EpjHost(DatabaseProvider.Sqlite, "http");

/// <summary>SQLite over HTTP with the platform's clock a year ahead of the real date.</summary>
public sealed class SqliteOverHttpYearAhead() : EpjHost(DatabaseProvider.Sqlite, "http", TimeSpan.FromDays(365));

/// <summary>SQLite over HTTP with the platform's clock a year behind the real date.</summary>
public sealed class SqliteOverHttpYearBack() : EpjHost(DatabaseProvider.Sqlite, "http", TimeSpan.FromDays(-365));

/// <summary>PostgreSQL, and the journals plugged in in-process.</summary>
public sealed class PostgresInProcess() : EpjHost(DatabaseProvider.Postgres, "in-process");

/// <summary>The demo units the EPJ simulators serve, by kommunenummer and position (1 health station,
/// 2-3 school health, 4 youth clinic).</summary>
public static class DemoUnits
{
    public static Guid Id(string kommunenummer, int n) =>
        Simulators.Epj.EpjDemoData.Municipalities.Single(m => m.Kommunenummer == kommunenummer).Units[n - 1].UnitId;
}
