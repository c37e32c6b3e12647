using DigiHelsestasjon.BuildingBlocks.Mediation;
using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.Telemetry;
using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.EpjIntegration.Contracts;
using DigiHelsestasjon.EpjIntegration.Outbound.Deliveries;
using DigiHelsestasjon.EpjIntegration.Persistence;
using DigiHelsestasjon.EpjIntegration.Persistence.Entities;
using DigiHelsestasjon.Identity.Contracts;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DigiHelsestasjon.EpjIntegration.Outbound;

/// <summary>EPJ delivery as a work queue: due outbound items are claimed by lease (several host instances never
/// deliver the same item at once) and delivered through the unit's connector, by their kind (<see cref="IEpjDelivery"/>);
/// the acknowledgement levels move the item.</summary>
internal sealed class EpjDeliveryQueue(
    IServiceScopeFactory scopes, TimeProvider time, IOptionsMonitor<WorkQueueOptions> queueOptions, IOptions<EpjDeliveryOptions> options,
    IEnumerable<IEpjDelivery> kinds, ILogger<EpjDeliveryQueue> logger)
    : ItemTableQueue<EpjItem, EpjDbContext>(scopes, time, queueOptions)
{
    public const string QueueName = "epj-delivery";

    private static readonly string[] Dead = [EpjItemStates.DeadLettered, EpjItemStates.Failed];

    private readonly Dictionary<string, IEpjDelivery> deliveries = kinds.ToDictionary(k => k.Kind);

    public override string Name => QueueName;

    protected override string PendingState => EpjItemStates.Pending;

    protected override IReadOnlyList<string> DeadStates => Dead;

    // The table holds what came in from the journals too.
    protected override string OwnRowsSql => $"\"Direction\" = '{EpjItem.Outbound}'";

    protected override IQueryable<EpjItem> OwnRows(IQueryable<EpjItem> rows) => rows.Where(i => i.Direction == EpjItem.Outbound);

    protected override IQueryable<EpjItem> InScope(IQueryable<EpjItem> rows, string scope) => rows.Where(i => i.Kommunenummer == scope);

    protected override string ScopeOf(EpjItem item) => item.Kommunenummer;

    private EpjDeliveryOptions Options => options.Value;

    protected override Task ProcessAsync(Guid id, CancellationToken cancellationToken) => DeliverAsync(id, cancellationToken);

    /// <summary>Delivers one item now, whatever its schedule (a reservation the citizen waits for).</summary>
    public async Task DeliverAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = Scopes.CreateAsyncScope();
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
            Acknowledgements.TransportFailed(item, exception.Message, Time.GetUtcNow().UtcDateTime, Settings);
            logger.LogInformation("EPJ item {ItemId} ({Kind}) not delivered, attempt {Attempt}: {Error}", item.Id, item.Kind, item.Attempts, exception.Message);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A bug or bad data on our side: keep the item, retry with backoff, dead-letter in the end.
            Acknowledgements.TransportFailed(item, $"{exception.GetType().Name}: {exception.Message}", Time.GetUtcNow().UtcDateTime, Settings);
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
        var now = Time.GetUtcNow().UtcDateTime;
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

        // The call's time limit covers the capability handshake too: a journal that stopped answering must fail the attempt
        // (and have it retried) within CallTimeout, not hold the item until the HTTP client gives up (100 s).
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.CallTimeout);
        var capabilities = await connectors.CapabilitiesAsync(unit.Epj, timeout.Token);
        if (EpjContract.Negotiate(EpjContract.SupportedVersions, capabilities.ContractVersions) is null)
        {
            Acknowledgements.Failed(item, $"The journal speaks contract versions {string.Join(", ", capabilities.ContractVersions)}; the platform {string.Join(", ", EpjContract.SupportedVersions)}.", null, now);
            return;
        }

        if (!deliveries.TryGetValue(item.Kind, out var delivery))
        {
            Acknowledgements.Failed(item, $"Unknown kind {item.Kind}.", null, now);
            return;
        }

        var outcome = await delivery.DeliverAsync(new EpjDeliveryContext(item, unit, capabilities, connectors.Create(unit.Epj), mediator), timeout.Token);
        if (outcome.Acknowledgement is { } acknowledgement)
        {
            Acknowledgements.Acknowledged(item, acknowledgement, Time.GetUtcNow().UtcDateTime, Settings);
        }
        else
        {
            Acknowledgements.Failed(item, outcome.Refusal ?? "Not delivered.", outcome.ErrorCode, now);
        }
    }
}
