using System.Collections.Concurrent;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.Epj.Sdk.National;
using DigiHelsestasjon.Epj.Sdk.National.Amqp;
using DigiHelsestasjon.Epj.Sdk.National.Kith;
using DigiHelsestasjon.Epj.Sdk.National.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DigiHelsestasjon.EpjIntegration.National;

/// <summary>The platform's party on the national bus: one connection for the process, its queues
/// (<c>{herId}_async</c>, <c>_sync</c>, <c>_syncreply</c>, <c>_error</c>) listened on from start-up.</summary>
public sealed class NationalTransport(IOptions<NationalTransportOptions> options, NationalJournals journals, IServiceProvider services, TimeProvider time, ILoggerFactory loggers)
    : IHostedService, IAsyncDisposable
{
    private (AmqpBus Bus, NationalEndpoint Endpoint)? created;
    private readonly Lock gate = new();

    private (AmqpBus Bus, NationalEndpoint Endpoint) Started
    {
        get
        {
            lock (gate)
            {
                return created ??= Create(options.Value, journals, time, loggers);
            }
        }
    }
    private readonly ConcurrentDictionary<string, FreeSlot> offered = new(StringComparer.Ordinal);

    /// <summary>The platform as MsgHead's sender writes it: its organisation at level 1 and itself at level 2 when the
    /// organisation is configured, else itself alone.</summary>
    public NationalParty Party => options.Value.OrganisationHerId is { Length: > 0 } organisation
        ? new(organisation, options.Value.OrganisationName ?? organisation, options.Value.HerId, options.Value.Name)
        : new(options.Value.HerId, options.Value.Name);

    public NationalEndpoint Endpoint => options.Value.Enabled
        ? Started.Endpoint
        : throw new EpjTransportException("The national transport is off: set Epj:National:Broker and Epj:National:HerId.");

    /// <summary>The certificates by HER-id (the demo registers the simulated journals' here).</summary>
    public PartyCertificateFolder Certificates { get; } = new(string.IsNullOrWhiteSpace(options.Value.CertificateFolder)
        ? Path.Combine(AppContext.BaseDirectory, "national-certificates") : options.Value.CertificateFolder, options.Value.CertificatePassword, time);

    internal void Offered(IEnumerable<FreeSlot> slots)
    {
        foreach (var slot in slots)
        {
            offered[slot.SlotId] = slot;
        }
    }

    internal FreeSlot? OfferedSlot(string slotId) => offered.GetValueOrDefault(slotId);

    // What this host sent outside the delivery queue (the acceptance run's checks): an hour's worth, so a journal's answer
    // to it is read as the answer to that process.
    private readonly Microsoft.Extensions.Caching.Memory.MemoryCache sent = new(new Microsoft.Extensions.Caching.Memory.MemoryCacheOptions { SizeLimit = 100_000 });

    internal void Sent(Guid messageId, string process) =>
        Microsoft.Extensions.Caching.Memory.CacheExtensions.Set(sent, messageId, process, new Microsoft.Extensions.Caching.Memory.MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) });

    internal string? SentProcess(Guid messageId) => sent.TryGetValue(messageId, out var process) ? process as string : null;

    // Messages a journal reported on the platform's error queue: sent again (after a fix, by an operator's requeue) they
    // need a new AMQP id with the same MsgId (HITS 1216 2.2.5), or a journal that remembers AMQP ids drops them. Kept in
    // this process: after a restart the resend keeps the original AMQP id. Bounded: the last 10,000 reports, each for two
    // weeks after it was last asked about (a journal flooding the error queue cannot grow the process without end).
    private readonly Microsoft.Extensions.Caching.Memory.MemoryCache reportedOnErrorQueue = new(new Microsoft.Extensions.Caching.Memory.MemoryCacheOptions { SizeLimit = 10_000 });

    internal void ReportedOnErrorQueue(Guid messageId) =>
        Microsoft.Extensions.Caching.Memory.CacheExtensions.Set(reportedOnErrorQueue, messageId, true, new Microsoft.Extensions.Caching.Memory.MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromDays(14) });

    /// <summary>The AMQP id to send a message with: null (its MsgId) unless the journal reported it on the error queue.</summary>
    internal string? AmqpIdFor(Guid messageId) => reportedOnErrorQueue.TryGetValue(messageId, out _) ? Guid.NewGuid().ToString() : null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        // The broker may be down at start-up: the host starts anyway, and the listeners connect when it answers.
        var (_, endpoint) = Started;
        try
        {
            await endpoint.StartAsync(ActivatorUtilities.CreateInstance<PlatformNationalReceiver>(services, (Func<Guid, string?>)SentProcess, (Action<Guid>)ReportedOnErrorQueue), cancellationToken);
        }
        catch (EpjTransportException exception)
        {
            loggers.CreateLogger<NationalTransport>().LogWarning("The national transport could not reach the broker at start-up ({Error}); it keeps trying.", exception.Message);
            _ = RetryStartAsync(endpoint);
        }
    }

    private async Task RetryStartAsync(NationalEndpoint endpoint)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            try
            {
                await endpoint.StartAsync(ActivatorUtilities.CreateInstance<PlatformNationalReceiver>(services, (Func<Guid, string?>)SentProcess, (Action<Guid>)ReportedOnErrorQueue), CancellationToken.None);
                return;
            }
            catch (EpjTransportException)
            {
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        // The container disposes this twice (the singleton and the hosted service are one object): once is enough.
        (AmqpBus Bus, NationalEndpoint Endpoint)? open;
        lock (gate)
        {
            (open, created) = (created, null);
        }

        if (open is { } started)
        {
            await started.Bus.DisposeAsync();
        }
    }

    private (AmqpBus, NationalEndpoint) Create(NationalTransportOptions settings, NationalJournals known, TimeProvider clock, ILoggerFactory factory)
    {
        var bus = new AmqpBus(settings.Broker!, factory.CreateLogger<AmqpBus>()) { DeclaresQueuesItSendsTo = settings.DeclareQueues };
        var schemas = string.IsNullOrWhiteSpace(settings.SchemaFolder) ? null : NationalSchemas.Load(settings.SchemaFolder);
        var endpoint = new NationalEndpoint(bus, new NationalPartySettings
        {
            HerId = settings.HerId, Name = settings.Name, CreateOwnTestCertificates = settings.CreateTestCertificates, DeclareQueues = settings.DeclareQueues,
            AppRecVersionOf = her => known.Of(her)?.AppRecVersion ?? "1.0",
        }, Certificates, schemas, clock, factory.CreateLogger<NationalEndpoint>());
        return (bus, endpoint);
    }
}
