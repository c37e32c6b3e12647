using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Telemetry;
using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.EpjIntegration.Contracts;
using DigiHelsestasjon.EpjIntegration.Persistence;
using DigiHelsestasjon.EpjIntegration.Persistence.Entities;
using MediatR;

namespace DigiHelsestasjon.EpjIntegration.Outbound;

/// <summary>Turns a module's request into an outbound item, once per event (inbox); the worker delivers it.</summary>
internal sealed class CitizenMessageRequestedHandler(EpjDbContext db, TimeProvider time, IMediator mediator)
    : IntegrationEventHandler<EpjCitizenMessageRequested, EpjDbContext>(db, time)
{
    protected override Task HandleOnceAsync(EpjCitizenMessageRequested request, CancellationToken cancellationToken) =>
        OutboundItems.AddAsync(Db, mediator, Time, EpjDeliveryKinds.CitizenMessage, request.MessageId, request.UnitId, OutboundItems.Payload(request, Time), cancellationToken);
}

internal sealed class CancellationRequestedHandler(EpjDbContext db, TimeProvider time, IMediator mediator)
    : IntegrationEventHandler<EpjCancellationRequested, EpjDbContext>(db, time)
{
    protected override Task HandleOnceAsync(EpjCancellationRequested request, CancellationToken cancellationToken) =>
        OutboundItems.AddAsync(Db, mediator, Time, EpjDeliveryKinds.Cancellation, request.MessageId, request.UnitId, OutboundItems.Payload(request, Time), cancellationToken);
}

internal sealed class YouthChatTranscriptRequestedHandler(EpjDbContext db, TimeProvider time, IMediator mediator)
    : IntegrationEventHandler<EpjYouthChatTranscriptRequested, EpjDbContext>(db, time)
{
    protected override Task HandleOnceAsync(EpjYouthChatTranscriptRequested request, CancellationToken cancellationToken) =>
        OutboundItems.AddAsync(Db, mediator, Time, EpjDeliveryKinds.YouthChatTranscript, request.MessageId, request.UnitId, OutboundItems.Payload(request, Time), cancellationToken);
}

internal static class OutboundItems
{
    /// <summary>The request as stored for delivery, stamped with the platform's clock if it was published
    /// without a time (straight through MediatR rather than an outbox).</summary>
    public static string Payload<TRequest>(TRequest request, TimeProvider time)
        where TRequest : BuildingBlocks.Contracts.IntegrationEvent =>
        JsonSerializer.Serialize(request.OccurredAt == default ? (TRequest)request.At(time.GetUtcNow()) : request);

    public static async Task AddAsync(EpjDbContext db, IMediator mediator, TimeProvider time, string kind, Guid messageId, Guid unitId, string payload, CancellationToken cancellationToken) =>
        db.Items.Add(await CreateAsync(mediator, time, kind, messageId, unitId, payload, cancellationToken));

    public static async Task<EpjItem> CreateAsync(IMediator mediator, TimeProvider time, string kind, Guid messageId, Guid unitId, string payload, CancellationToken cancellationToken)
    {
        var unit = await mediator.Send(new GetUnit(unitId), cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var item = new EpjItem
        {
            Id = Guid.NewGuid(), Direction = EpjItem.Outbound, MessageId = messageId, Kind = kind, UnitId = unitId,
            Kommunenummer = unit?.Kommunenummer ?? "", InstallationId = unit?.Epj?.InstallationId ?? "",
            Payload = payload, State = EpjItemStates.Pending, NextAttemptAt = now, CreatedAt = now, UpdatedAt = now,
            TraceParent = PlatformTelemetry.CurrentTraceParent(),
        };
        if (unit?.Epj is null)
        {
            // Nothing to retry: the unit is unknown or has no journal connected. The operator sees it and can requeue once fixed.
            item.State = EpjItemStates.DeadLettered;
            item.LastError = unit is null ? "Unknown unit." : "The unit has no EPJ connection.";
        }

        return item;
    }
}
