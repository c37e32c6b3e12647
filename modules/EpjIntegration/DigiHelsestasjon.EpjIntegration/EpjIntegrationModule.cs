using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using DigiHelsestasjon.EpjIntegration.Inbound;
using DigiHelsestasjon.EpjIntegration.Operations;
using DigiHelsestasjon.EpjIntegration.Outbound;
using DigiHelsestasjon.EpjIntegration.Outbound.Deliveries;
using DigiHelsestasjon.EpjIntegration.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.EpjIntegration;

/// <summary>The platform's side of the SDK: routes by unit to the right connector, delivers from its
/// items table with retries and dead-letters, tracks the three acknowledgement levels, receives the
/// journals' messages (idempotent, versioned) and publishes them as integration events.</summary>
public sealed class EpjIntegrationModule : IModule
{
    public string Name => "EpjIntegration";

    public void AddServices(IServiceCollection services, ModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        services.AddModuleDbContext<EpjDbContext>(context.Database, EpjDbContext.SchemaName);
        var delivery = context.Configuration.GetSection("Epj:Delivery");
        services.Configure<EpjDeliveryOptions>(delivery);

        // A journal is slower and scarcer than a module: longer first retry, longer lease, smaller batches.
        services.Configure<WorkQueueOptions>(EpjDeliveryQueue.QueueName, o => (o.MaxAttempts, o.RetryBaseDelay, o.Lease, o.BatchSize) = (8, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2), 20));
        services.AddSingleton<IEpjDelivery, CitizenMessageDelivery>();
        services.AddSingleton<IEpjDelivery, CancellationDelivery>();
        services.AddSingleton<IEpjDelivery, YouthChatTranscriptDelivery>();
        services.AddSingleton<IEpjDelivery, SlotReservationDelivery>();
        services.AddWorkQueue<EpjDeliveryQueue>(context.Configuration, EpjDeliveryQueue.QueueName, formerSection: "Epj:Delivery");
        // Journal clients connect only outside the platform's own network and follow no redirect (JournalAddresses).
        services.AddHttpClient(EpjConnectorFactory.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => JournalAddresses.CreateHandler(JournalAddresses.AllowLocal(context.Configuration)));
        services.AddSingleton<EpjInstallations>();
        services.AddSingleton<EpjConnectorFactory>();
        services.AddSingleton<EpjInbound>();
        services.AddSingleton<EpjInboundObservers>();
        services.AddSingleton<EpjAcceptanceTest>();
        services.AddSingleton<BuildingBlocks.Modules.IStartupTask, RegisterSecretNames>();

        // The national transport (KITH XML over AMQP): off unless Epj:National:Broker is set.
        services.Configure<National.NationalTransportOptions>(context.Configuration.GetSection("Epj:National"));
        services.AddSingleton<National.NationalJournals>();
        services.AddSingleton<National.NationalTransport>();
        services.AddHostedService(sp => sp.GetRequiredService<National.NationalTransport>());
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        EpjEndpoints.Map(endpoints);
        OnboardingEndpoints.Map(endpoints);
    }
}
