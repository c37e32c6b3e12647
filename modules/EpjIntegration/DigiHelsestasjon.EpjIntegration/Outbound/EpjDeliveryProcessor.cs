using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.EpjIntegration.Contracts;
using DigiHelsestasjon.EpjIntegration.Persistence;
using DigiHelsestasjon.Identity.Contracts;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DigiHelsestasjon.EpjIntegration.Outbound;

/// <summary>Delivers due outbound items through the unit's connector. Safe with several host instances:
/// an item is claimed by a conditional update of its lease, which only one instance can win.</summary>
internal sealed class EpjDeliveryProcessor(IServiceScopeFactory scopes, TimeProvider time, IOptions<EpjDeliveryOptions> options, ILogger<EpjDeliveryProcessor> logger)
{
    private EpjDeliveryOptions Options => options.Value;

    /// <summary>Delivers what is due now; returns how many items were attempted.</summary>
    public async Task<int> ProcessDueAsync(CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(cancellationToken);
        foreach (var id in claimed)
        {
            await DeliverAsync(id, cancellationToken);
        }

        return claimed.Count;
    }

    private async Task<List<Guid>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EpjDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var candidates = await db.Items
            .Where(i => i.State == EpjItemStates.Pending && i.NextAttemptAt <= now && (i.LeaseUntil == null || i.LeaseUntil < now))
            .OrderBy(i => i.NextAttemptAt)
            .Select(i => i.Id)
            .Take(Options.BatchSize)
            .ToListAsync(cancellationToken);
        var claimed = new List<Guid>();
        foreach (var id in candidates)
        {
            var until = now + Options.Lease;
            var won = await db.Items
                .Where(i => i.Id == id && i.State == EpjItemStates.Pending && (i.LeaseUntil == null || i.LeaseUntil < now))
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.LeaseUntil, until), cancellationToken);
            if (won == 1)
            {
                claimed.Add(id);
            }
        }

        return claimed;
    }

    private async Task DeliverAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EpjDbContext>();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var connectors = scope.ServiceProvider.GetRequiredService<EpjConnectorFactory>();
        var item = await db.Items.SingleAsync(i => i.Id == id, cancellationToken);
        var before = item.State;
        try
        {
            await AttemptAsync(item, mediator, connectors, cancellationToken);
        }
        catch (Exception exception) when (exception is EpjTransportException or HttpRequestException or TimeoutException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Acknowledgements.TransportFailed(item, exception.Message, time.GetUtcNow().UtcDateTime, Options);
            logger.LogInformation("EPJ item {ItemId} ({Kind}) not delivered, attempt {Attempt}: {Error}", item.Id, item.Kind, item.Attempts, exception.Message);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A bug or bad data on our side: keep the item, retry with backoff, dead-letter in the end.
            Acknowledgements.TransportFailed(item, $"{exception.GetType().Name}: {exception.Message}", time.GetUtcNow().UtcDateTime, Options);
            logger.LogError(exception, "EPJ item {ItemId} ({Kind}) failed on the platform side.", item.Id, item.Kind);
        }

        item.LeaseUntil = null;
        if (item.State != before)
        {
            Acknowledgements.PublishStateChange(db, item);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task AttemptAsync(EpjItem item, IMediator mediator, EpjConnectorFactory connectors, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var unit = await mediator.Send(new GetUnit(item.UnitId), cancellationToken);
        if (unit?.Epj is null)
        {
            Acknowledgements.Failed(item, "The unit has no EPJ connection.", null, now);
            return;
        }

        var capabilities = await connectors.CapabilitiesAsync(unit.Epj, cancellationToken);
        if (EpjContract.Negotiate(EpjContract.SupportedVersions, capabilities.ContractVersions) is null)
        {
            Acknowledgements.Failed(item, $"The journal speaks contract versions {string.Join(", ", capabilities.ContractVersions)}; the platform {string.Join(", ", EpjContract.SupportedVersions)}.", null, now);
            return;
        }

        var connector = connectors.Create(unit.Epj);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.CallTimeout);
        switch (item.Kind)
        {
            case "citizen-message":
                var message = JsonSerializer.Deserialize<EpjCitizenMessageRequested>(item.Payload)!;
                var unsupported = !capabilities.Supports(EpjProcess.CitizenMessage) ? "The journal does not receive citizen messages."
                    : message.Attachments.FirstOrDefault(a => !capabilities.Accepts(a.ContentType)) is { } attachment ? $"The journal does not accept attachments of type {attachment.ContentType}."
                    : message.Body.Length + message.Attachments.Sum(a => (long)a.Content.Length) > capabilities.MaxPayloadBytes ? $"The message is larger than the journal's {capabilities.MaxPayloadBytes} bytes."
                    : null;
                if (unsupported is not null)
                {
                    // The platform never calls what the journal has not declared.
                    Acknowledgements.Failed(item, unsupported, null, now);
                    return;
                }

                var pid = await PidAsync(mediator, message.PatientPersonId, item, now, cancellationToken);
                if (pid is null)
                {
                    return;
                }

                var ack = await connector.DeliverMessageAsync(
                    new CitizenMessage
                    {
                        MessageId = message.MessageId, ConversationId = message.ConversationId, InReplyTo = message.InReplyTo, PatientPid = pid,
                        SenderRelation = message.SenderRelation, SenderName = message.SenderName, UnitHerId = unit.HerId, Subject = message.Subject,
                        Body = message.Body, SentAt = message.OccurredAt,
                        Attachments = message.Attachments.Select(a => new EpjAttachment { FileName = a.FileName, ContentType = a.ContentType, Content = a.Content }).ToList(),
                    },
                    timeout.Token);
                Acknowledgements.Acknowledged(item, ack, time.GetUtcNow().UtcDateTime, Options);
                return;
            case "cancellation":
                var request = JsonSerializer.Deserialize<EpjCancellationRequested>(item.Payload)!;
                var patient = await PidAsync(mediator, request.PatientPersonId, item, now, cancellationToken);
                if (patient is null)
                {
                    return;
                }

                var answer = await connector.RequestCancellationAsync(
                    new CancellationRequest
                    {
                        MessageId = request.MessageId, AppointmentId = request.EpjAppointmentId, PatientPid = patient, UnitHerId = unit.HerId,
                        Reason = request.Reason, RequestedByRelation = request.RequestedByRelation, RequestedAt = request.OccurredAt,
                        RequiresApproval = request.RequiresApproval,
                    },
                    timeout.Token);
                Acknowledgements.Acknowledged(item, answer, time.GetUtcNow().UtcDateTime, Options);
                return;
            default:
                Acknowledgements.Failed(item, $"Unknown kind {item.Kind}.", null, now);
                return;
        }
    }

    private static async Task<string?> PidAsync(IMediator mediator, Guid personId, EpjItem item, DateTime now, CancellationToken cancellationToken)
    {
        var pid = await mediator.Send(new GetPersonPid(personId), cancellationToken);
        if (pid is null)
        {
            Acknowledgements.Failed(item, "The platform knows no such person.", EpjErrorCodes.UnknownPatient, now);
        }

        return pid;
    }
}

internal sealed class EpjDeliveryWorker(EpjDeliveryProcessor processor, PlatformStartup startup, IOptions<EpjDeliveryOptions> options, ILogger<EpjDeliveryWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WorkerEnabled)
        {
            return;
        }

        // Not before the schema is migrated.
        await startup.WhenReady.WaitAsync(stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await processor.ProcessDueAsync(stoppingToken) > 0)
                {
                    continue;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "The EPJ delivery worker failed a round; it tries again.");
            }

            try
            {
                await Task.Delay(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
