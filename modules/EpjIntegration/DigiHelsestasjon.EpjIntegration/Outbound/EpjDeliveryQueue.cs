using DigiHelsestasjon.BuildingBlocks.Mediation;
using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.Telemetry;
using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.EpjIntegration.Contracts;
using DigiHelsestasjon.EpjIntegration.Persistence;
using DigiHelsestasjon.Identity.Contracts;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DigiHelsestasjon.EpjIntegration.Outbound;

/// <summary>EPJ delivery as a work queue: due outbound items are claimed by lease (several host instances never
/// deliver the same item at once) and delivered through the unit's connector; the acknowledgement levels move the item.</summary>
internal sealed class EpjDeliveryQueue(
    IServiceScopeFactory scopes, TimeProvider time, IOptionsMonitor<WorkQueueOptions> queueOptions, IOptions<EpjDeliveryOptions> options, ILogger<EpjDeliveryQueue> logger)
    : IWorkQueue
{
    public const string QueueName = "epj-delivery";

    private static readonly QueueTable Columns = new(
        nameof(EpjItem.Id), nameof(EpjItem.NextAttemptAt), nameof(EpjItem.LockedBy), nameof(EpjItem.LeaseUntil),
        $"\"State\" = '{EpjItemStates.Pending}' AND \"Direction\" = '{EpjItem.Outbound}'");

    private readonly string owner = DurableClaim.NewOwner();

    public string Name => QueueName;

    private WorkQueueOptions Settings => queueOptions.Get(QueueName);

    private EpjDeliveryOptions Options => options.Value;

    /// <summary>Delivers what is due now; returns how many items were attempted.</summary>
    public async Task<int> ProcessDueAsync(CancellationToken cancellationToken)
    {
        List<EpjItem> claimed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var settings = Settings;
            claimed = await DurableClaim.ClaimAsync<EpjItem>(
                scope.ServiceProvider.GetRequiredService<EpjDbContext>(), Columns, owner, time.GetUtcNow().UtcDateTime, settings.Lease, settings.BatchSize, cancellationToken);
        }

        foreach (var item in claimed.OrderBy(i => i.NextAttemptAt))
        {
            await DeliverAsync(item.Id, cancellationToken);
        }

        return claimed.Count;
    }

    public async Task<WorkQueueBacklog> BacklogAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var now = time.GetUtcNow().UtcDateTime;
        var outbound = scope.ServiceProvider.GetRequiredService<EpjDbContext>().Items.AsNoTracking().Where(i => i.Direction == EpjItem.Outbound);
        var pending = outbound.Where(i => i.State == EpjItemStates.Pending);
        return new WorkQueueBacklog(
            QueueName,
            Due: await pending.CountAsync(i => i.NextAttemptAt <= now && (i.LeaseUntil == null || i.LeaseUntil < now), cancellationToken),
            InFlight: await pending.CountAsync(i => i.LeaseUntil != null && i.LeaseUntil >= now, cancellationToken),
            Scheduled: await pending.CountAsync(i => i.NextAttemptAt > now && (i.LeaseUntil == null || i.LeaseUntil < now), cancellationToken),
            DeadLettered: await outbound.CountAsync(i => i.State == EpjItemStates.DeadLettered || i.State == EpjItemStates.Failed, cancellationToken),
            OldestDueAt: DurableClaim.Utc(await pending.Where(i => i.NextAttemptAt <= now && (i.LeaseUntil == null || i.LeaseUntil < now)).MinAsync(i => (DateTime?)i.NextAttemptAt, cancellationToken)));
    }

    public async Task<IReadOnlyList<WorkItemView>> ListAsync(WorkItemFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var scope = scopes.CreateAsyncScope();
        var now = time.GetUtcNow().UtcDateTime;
        var (from, to) = filter.Window;
        var query = scope.ServiceProvider.GetRequiredService<EpjDbContext>().Items.AsNoTracking()
            .Where(i => i.Direction == EpjItem.Outbound && i.CreatedAt >= from && i.CreatedAt < to);
        query = filter.State switch
        {
            WorkItemStates.Pending => query.Where(i => i.State == EpjItemStates.Pending && (i.LeaseUntil == null || i.LeaseUntil < now)),
            WorkItemStates.InFlight => query.Where(i => i.State == EpjItemStates.Pending && i.LeaseUntil >= now),
            WorkItemStates.DeadLettered => query.Where(i => i.State == EpjItemStates.DeadLettered || i.State == EpjItemStates.Failed),
            WorkItemStates.Done => query.Where(i => i.State != EpjItemStates.Pending && i.State != EpjItemStates.DeadLettered && i.State != EpjItemStates.Failed),
            _ => query,
        };
        query = filter.Kind is null ? query : query.Where(i => i.Kind == filter.Kind);
        query = filter.Scope is null ? query : query.Where(i => i.Kommunenummer == filter.Scope);
        var items = await query.OrderByDescending(i => i.CreatedAt).Take(filter.Limit).ToListAsync(cancellationToken);
        return items.Select(i => new WorkItemView(
            QueueName, i.Id, i.Kind, i.Kommunenummer, QueueState(i, now), i.State, i.Attempts, new DateTimeOffset(i.CreatedAt, TimeSpan.Zero),
            i.State == EpjItemStates.Pending ? new DateTimeOffset(i.NextAttemptAt, TimeSpan.Zero) : null,
            i.LeaseUntil is { } lease && lease >= now ? new DateTimeOffset(lease, TimeSpan.Zero) : null, i.LastError)).ToList();
    }

    private static string QueueState(EpjItem item, DateTime now) => item.State switch
    {
        EpjItemStates.Pending => item.LeaseUntil >= now ? WorkItemStates.InFlight : WorkItemStates.Pending,
        EpjItemStates.DeadLettered or EpjItemStates.Failed => WorkItemStates.DeadLettered,
        _ => WorkItemStates.Done,
    };

    /// <summary>A dead-lettered or failed outbound item goes back to pending with a fresh attempt count.</summary>
    public async Task<bool> RequeueAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EpjDbContext>();
        return await scope.ServiceProvider.GetRequiredService<UnitOfWork>().ExecuteAsync(
            async () =>
            {
                var item = await db.Items.FirstOrDefaultAsync(i => i.Id == id && i.Direction == EpjItem.Outbound && (i.State == EpjItemStates.DeadLettered || i.State == EpjItemStates.Failed), cancellationToken);
                if (item is null)
                {
                    return false;
                }

                var now = time.GetUtcNow().UtcDateTime;
                (item.State, item.Attempts, item.NextAttemptAt, item.LeaseUntil, item.LockedBy, item.UpdatedAt) = (EpjItemStates.Pending, 0, now, null, null, now);
                item.LastError = $"Requeued by an operator at {now:u}. Before: {item.LastError}";
                return true;
            },
            cancellationToken);
    }

    /// <summary>Delivers one item now, whatever its schedule (a reservation the citizen waits for).</summary>
    public async Task DeliverAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EpjDbContext>();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var connectors = scope.ServiceProvider.GetRequiredService<EpjConnectorFactory>();
        var item = await db.Items.SingleAsync(i => i.Id == id, cancellationToken);
        var before = item.State;
        using var activity = PlatformTelemetry.StartQueuedWork("epj deliver", item.TraceParent)?.SetTag("epj.kind", item.Kind);
        try
        {
            await AttemptAsync(item, mediator, connectors, cancellationToken);
        }
        catch (Exception exception) when (exception is EpjTransportException or HttpRequestException or TimeoutException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Acknowledgements.TransportFailed(item, exception.Message, time.GetUtcNow().UtcDateTime, Settings);
            logger.LogInformation("EPJ item {ItemId} ({Kind}) not delivered, attempt {Attempt}: {Error}", item.Id, item.Kind, item.Attempts, exception.Message);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A bug or bad data on our side: keep the item, retry with backoff, dead-letter in the end.
            Acknowledgements.TransportFailed(item, $"{exception.GetType().Name}: {exception.Message}", time.GetUtcNow().UtcDateTime, Settings);
            logger.LogError(exception, "EPJ item {ItemId} ({Kind}) failed on the platform side.", item.Id, item.Kind);
        }

        // The journal's answer can come in and be saved while this attempt still waits for its send to be confirmed (a
        // journal on the bus answers within milliseconds): then what the answer wrote stands, and this attempt records
        // only that it is over. Otherwise its older copy of the item would put a journaled item back to delivered.
        // On PostgreSQL the row is locked from that check to the save (an answer committing in between waits, then
        // writes over this attempt); SQLite has one writer at a time.
        // The attempt's outcome is one unit; its transaction holds the row (not on SQLite) from the check to the save.
        var unitOfWork = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
        await unitOfWork.ExecuteAsync(
            async () =>
            {
                await unitOfWork.JoinTransactionAsync(cancellationToken);
                var answered = await StoredStateAsync(db, id, cancellationToken) != before;
                for (var attempt = 1; ; attempt++)
                {
                    if (answered)
                    {
                        var attempts = item.Attempts;
                        var delivered = item.TransportDelivered;
                        await db.Entry(item).ReloadAsync(cancellationToken);
                        (item.Attempts, item.TransportDelivered, item.LeaseUntil, item.LockedBy) = (attempts, delivered || item.TransportDelivered, null, null);
                    }
                    else
                    {
                        item.LeaseUntil = null;
                        item.LockedBy = null;
                        if (item.State != before)
                        {
                            Acknowledgements.PublishStateChange(db, item);
                        }
                    }

                    try
                    {
                        await db.SaveNowAsync(cancellationToken);
                        return;
                    }
                    catch (DbUpdateConcurrencyException) when (attempt < 3)
                    {
                        // An answer committed what the check above does not compare (SQLite: between the check and the save; any
                        // database: a transient rejection changes the receipt but leaves the item pending). The levels are
                        // concurrency tokens, so the save failed (rolled back to its savepoint): drop this attempt's state
                        // events and keep the answer, as above.
                        db.DiscardUnsavedIntegrationEvents();
                        answered = true;
                    }
                }
            },
            cancellationToken);

        EpjMetrics.Attempted(item);
        activity?.SetTag("epj.state", item.State);
    }

    private static async Task<string> StoredStateAsync(EpjDbContext db, Guid id, CancellationToken cancellationToken)
    {
        if (db.IsSqlite)
        {
            return await db.Items.AsNoTracking().Where(i => i.Id == id).Select(i => i.State).SingleAsync(cancellationToken);
        }

        var entity = db.Model.FindEntityType(typeof(EpjItem))!;
        var (table, state, key) = (db.QualifiedTable(entity), entity.FindProperty(nameof(EpjItem.State))!.GetColumnName(), entity.FindProperty(nameof(EpjItem.Id))!.GetColumnName());
        // Names from the model, the id a parameter. SQL Server's row lock is a table hint, PostgreSQL's a clause.
        var sql = db.IsSqlServer
            ? "SELECT \"" + state + "\" AS \"Value\" FROM " + table + " WITH (UPDLOCK, ROWLOCK) WHERE \"" + key + "\" = {0}"
            : "SELECT \"" + state + "\" AS \"Value\" FROM " + table + " WHERE \"" + key + "\" = {0} FOR UPDATE";
        return await db.Database.SqlQueryRaw<string>(sql, id).SingleAsync(cancellationToken);
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

        if (unit.Epj.Environment == EpjEnvironments.Test)
        {
            // A live citizen's item never goes to a test journal (the acceptance test uses its own test patients).
            Acknowledgements.Failed(item, "The unit's journal connection is in the test environment; promote it, then requeue.", null, now);
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
            case EpjDeliveryKinds.CitizenMessage:
                var message = JsonSerializer.Deserialize<EpjCitizenMessageRequested>(item.Payload)!;
                var unsupported = !capabilities.Supports(EpjProcess.CitizenMessage) ? "The journal does not receive citizen messages."
                    : message.Attachments.FirstOrDefault(a => !capabilities.Accepts(a.ContentType)) is { } attachment ? $"The journal does not accept attachments of type {attachment.ContentType}."
                    : System.Text.Encoding.UTF8.GetByteCount(message.Body) + message.Attachments.Sum(a => a.Size) > capabilities.MaxPayloadBytes ? $"The message is larger than the journal's {capabilities.MaxPayloadBytes} bytes."
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

                var attachments = new List<EpjAttachment>(message.Attachments.Count);
                foreach (var file in message.Attachments)
                {
                    var content = await mediator.Send(new ReadEpjAttachment(file.AttachmentId), cancellationToken);
                    if (content is null)
                    {
                        Acknowledgements.Failed(item, "An attachment of the message is no longer stored.", null, now);
                        return;
                    }

                    attachments.Add(new EpjAttachment { FileName = file.FileName, ContentType = file.ContentType, Content = content });
                }

                var ack = await connector.DeliverMessageAsync(
                    new CitizenMessage
                    {
                        MessageId = message.MessageId, ConversationId = message.ConversationId, InReplyTo = message.InReplyTo, PatientPid = pid,
                        SenderRelation = message.SenderRelation, SenderName = message.SenderName, UnitHerId = unit.HerId, Subject = message.Subject,
                        Body = message.Body, SentAt = message.OccurredAt, Topic = message.Topic ?? "",
                        SentBy = await ActingAsync(mediator, message.SenderRelation, message.SenderPersonId, message.SenderName, cancellationToken),
                        Attachments = attachments,
                    },
                    timeout.Token);
                Acknowledgements.Acknowledged(item, ack, time.GetUtcNow().UtcDateTime, Settings);
                return;
            case EpjDeliveryKinds.Cancellation:
                var request = JsonSerializer.Deserialize<EpjCancellationRequested>(item.Payload)!;
                if (request.RequiresApproval && capabilities.CancellationMode == CancellationMode.Immediate
                    && !EpjContract.UnderstandsRequiresApproval(capabilities.ContractVersions))
                {
                    // A 1.0 journal ignores RequiresApproval and would cancel at once, against the municipality's rule
                    // that staff decide. Better the citizen is told to call than the rule silently broken.
                    Acknowledgements.Failed(item, $"The journal speaks contract {string.Join(", ", capabilities.ContractVersions)} and would cancel at once; the municipality wants staff to decide (contract {EpjContract.RequiresApprovalVersion} needed).", null, now);
                    return;
                }

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
                        RequiresApproval = request.RequiresApproval, AppointmentStart = request.AppointmentStart, AppointmentEnd = request.AppointmentEnd,
                        RequestedBy = await ActingAsync(mediator, request.RequestedByRelation, request.RequestedByPersonId, null, cancellationToken),
                    },
                    timeout.Token);
                Acknowledgements.Acknowledged(item, answer, time.GetUtcNow().UtcDateTime, Settings);
                return;
            case EpjDeliveryKinds.YouthChatTranscript:
                var transcript = JsonSerializer.Deserialize<EpjYouthChatTranscriptRequested>(item.Payload)!;
                if (!capabilities.Supports(EpjProcess.YouthChatTranscript) || connector is not IEpjYouthChatTranscripts transcripts)
                {
                    Acknowledgements.Failed(item, "The journal does not take youth-chat transcripts.", null, now);
                    return;
                }

                var youth = await PidAsync(mediator, transcript.PatientPersonId, item, now, cancellationToken);
                if (youth is null)
                {
                    return;
                }

                var journaled = await transcripts.DeliverTranscriptAsync(
                    new YouthChatTranscript
                    {
                        MessageId = transcript.MessageId, PatientPid = youth, UnitHerId = unit.HerId, ConsentedAt = transcript.ConsentedAt,
                        Lines = transcript.Lines.Select(l => new TranscriptLine { At = l.At, From = l.From, Text = l.Text }).ToList(),
                    },
                    timeout.Token);
                Acknowledgements.Acknowledged(item, journaled, time.GetUtcNow().UtcDateTime, Settings);
                return;
            case EpjDeliveryKinds.SlotReservation:
                var reservation = JsonSerializer.Deserialize<EpjSlotReservationRequested>(item.Payload)!;
                if (!capabilities.Supports(EpjProcess.SlotReservation) || connector is not IEpjSlotBooking booking)
                {
                    Acknowledgements.Failed(item, "The journal does not take slot reservations.", null, now);
                    return;
                }

                var booker = await PidAsync(mediator, reservation.PatientPersonId, item, now, cancellationToken);
                if (booker is null)
                {
                    return;
                }

                var reserved = await booking.ReserveSlotAsync(
                    new SlotReservation
                    {
                        MessageId = reservation.MessageId, SlotId = reservation.EpjSlotId, PatientPid = booker, RequestedByRelation = reservation.RequestedByRelation,
                        RequestedBy = await ActingAsync(mediator, reservation.RequestedByRelation, reservation.RequestedByPersonId, null, cancellationToken),
                    },
                    timeout.Token);
                Acknowledgements.Acknowledged(item, reserved, time.GetUtcNow().UtcDateTime, Settings);
                return;
            default:
                Acknowledgements.Failed(item, $"Unknown kind {item.Kind}.", null, now);
                return;
        }
    }

    /// <summary>The person who acted for the patient (a parent or proxy), as the journal records them; null when the patient
    /// acted, or when the item was written before the actor was carried.</summary>
    private static async Task<ActingPerson?> ActingAsync(IMediator mediator, string relation, Guid? actorPersonId, string? name, CancellationToken cancellationToken)
    {
        if (relation == "self" || actorPersonId is not { } actor || await mediator.Send(new GetPersonPid(actor), cancellationToken) is not { } pid)
        {
            return null;
        }

        return new ActingPerson { Pid = pid, Name = name ?? await mediator.Send(new GetPersonName(actor), cancellationToken) ?? "" };
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
