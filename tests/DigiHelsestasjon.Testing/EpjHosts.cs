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
        ["WorkQueues:epj-delivery:PollInterval"] = "00:00:00.050",
        ["WorkQueues:epj-delivery:RetryBaseDelay"] = "00:00:10",
        ["WorkQueues:epj-delivery:MaxAttempts"] = "6",
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

/// <summary>The whole host with the simulated journals on the national bus (KITH XML over AMQP on RabbitMQ). Each host has
/// HER-ids of its own, so test classes on one broker never share a queue. The broker is
/// <c>DIGIHELSESTASJON_TEST_RABBITMQ</c> (<c>./build.sh test</c> starts one with <c>scripts/ensure-rabbitmq.sh</c>).
/// Every message sent and received is validated against the national XSDs when they are at
/// <see cref="NationalStandardsFolder.Xsd"/>.</summary>
public abstract class NationalEpjHost(DatabaseProvider provider) : EpjHost(provider, "amqp")
{
    public string PlatformHerId { get; } = $"9{Random.Shared.Next(100000, 999999)}";

    public string CertificateFolder { get; } = System.IO.Directory.CreateTempSubdirectory("national-certificates-").FullName;

    /// <summary>What the host logged: a failed wait names what the transport said.</summary>
    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        base.ConfigureTestServices(services);
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
    }

    public static string Broker => Environment.GetEnvironmentVariable("DIGIHELSESTASJON_TEST_RABBITMQ") is { Length: > 0 } broker ? broker : "amqp://digi:digi@127.0.0.1:5672";

    public string JournalHerId(string vendor) => $"{PlatformHerId}{Simulators.Epj.EpjDemoData.Municipalities.ToList().FindIndex(m => m.Vendor.Vendor == vendor) + 1}";

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await BrokerQueues.DeleteAsync(Broker, [PlatformHerId, .. Simulators.Epj.EpjDemoData.Municipalities.Select(m => JournalHerId(m.Vendor.Vendor))]);
    }

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Epj:National:Broker"] = Broker;
            settings["Epj:National:HerId"] = PlatformHerId;
            settings["Epj:National:CertificateFolder"] = CertificateFolder;
            settings["Epj:National:CreateTestCertificates"] = "true";
            settings["Epj:National:SchemaFolder"] = NationalStandardsFolder.Xsd;
            return settings;
        }
    }
}

public sealed class SqliteOverAmqp() : NationalEpjHost(DatabaseProvider.Sqlite);

public sealed class PostgresOverAmqp() : NationalEpjHost(DatabaseProvider.Postgres);

/// <summary>SQL Server on the national bus, on the server DIGIHELSESTASJON_TEST_SQLSERVER names.</summary>
public sealed class SqlServerOverAmqp() : NationalEpjHost(DatabaseProvider.SqlServer);

/// <summary>The national standards (XSDs and examples) beside the repository, at <c>../shared/standards</c>, or where
/// <c>DIGIHELSESTASJON_STANDARDS</c> says. Not part of the repository: the Directorate's files, read, never copied.</summary>
public static class NationalStandardsFolder
{
    public static string Root =>
        Environment.GetEnvironmentVariable("DIGIHELSESTASJON_STANDARDS") is { Length: > 0 } configured ? configured
        : Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "standards"));

    /// <summary>The XSD folder, or null when the standards are not here (then only required parts are checked).</summary>
    public static string? Xsd => File.Exists(Path.Combine(Root, "xsd", "all-digital-dialog.xsd")) ? Path.Combine(Root, "xsd") : null;

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Platform.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? AppContext.BaseDirectory;
    }
}

/// <summary>SQL Server over HTTP, on the server DIGIHELSESTASJON_TEST_SQLSERVER names (see <see cref="SqlServerTests"/>).</summary>
public sealed class SqlServerOverHttp() : EpjHost(DatabaseProvider.SqlServer, "http");
