using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DigiHelsestasjon.BuildingBlocks.WorkQueues;

/// <summary>A work queue kept as a table of items with states. The claim, the backlog, the operator's list and requeue are
/// here, once; a queue says which rows and states are its own and how one item is processed (its own unit of work).</summary>
public abstract class ItemTableQueue<TItem, TContext>(IServiceScopeFactory scopes, TimeProvider time, IOptionsMonitor<WorkQueueOptions> queueOptions) : IWorkQueue
    where TItem : class, IWorkItem
    where TContext : ModuleDbContext
{
    private readonly string owner = DurableClaim.NewOwner();

    public abstract string Name { get; }

    /// <summary>The state of an item that waits for (another) attempt.</summary>
    protected abstract string PendingState { get; }

    /// <summary>The states an operator may requeue (dead-lettered, and failed where a queue has it).</summary>
    protected abstract IReadOnlyList<string> DeadStates { get; }

    /// <summary>The claim's condition on rows of the table that are not this queue's work, in SQL column names.</summary>
    protected virtual string OwnRowsSql => "1 = 1";

    /// <summary>The same condition for LINQ.</summary>
    protected virtual IQueryable<TItem> OwnRows(IQueryable<TItem> rows) => rows;

    /// <summary>An operator's scope filter (a kommunenummer); a queue without scopes ignores it.</summary>
    protected virtual IQueryable<TItem> InScope(IQueryable<TItem> rows, string scope) => rows;

    /// <summary>Where an item belongs, as the operator's list shows it.</summary>
    protected abstract string ScopeOf(TItem item);

    /// <summary>The queue's own state of an item for the operator's list.</summary>
    protected virtual string Detail(TItem item) => item.State;

    protected IServiceScopeFactory Scopes => scopes;

    protected TimeProvider Time => time;

    protected WorkQueueOptions Settings => queueOptions.Get(Name);

    /// <summary>Processes one claimed item, recording its outcome in a unit of work of its own.</summary>
    protected abstract Task ProcessAsync(Guid id, CancellationToken cancellationToken);

    public async Task<int> ProcessDueAsync(CancellationToken cancellationToken)
    {
        var settings = Settings;
        var columns = new QueueTable(
            nameof(IWorkItem.Id), nameof(IWorkItem.NextAttemptAt), nameof(IWorkItem.LockedBy), nameof(IWorkItem.LeaseUntil), $"\"State\" = '{PendingState}' AND {OwnRowsSql}");
        List<TItem> claimed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            claimed = await DurableClaim.ClaimAsync<TItem>(
                scope.ServiceProvider.GetRequiredService<TContext>(), columns, owner, time.GetUtcNow().UtcDateTime, settings.Lease, settings.BatchSize, cancellationToken);
        }

        foreach (var item in claimed.OrderBy(i => i.NextAttemptAt))
        {
            await ProcessAsync(item.Id, cancellationToken);
        }

        return claimed.Count;
    }

    public async Task<WorkQueueBacklog> BacklogAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var (now, pendingState, dead) = (time.GetUtcNow().UtcDateTime, PendingState, DeadStates);
        var rows = OwnRows(scope.ServiceProvider.GetRequiredService<TContext>().Set<TItem>().AsNoTracking());
        var pending = rows.Where(i => i.State == pendingState);
        var due = pending.Where(i => i.NextAttemptAt <= now && (i.LeaseUntil == null || i.LeaseUntil < now));
        return new WorkQueueBacklog(
            Name,
            Due: await due.CountAsync(cancellationToken),
            InFlight: await pending.CountAsync(i => i.LeaseUntil != null && i.LeaseUntil >= now, cancellationToken),
            Scheduled: await pending.CountAsync(i => i.NextAttemptAt > now && (i.LeaseUntil == null || i.LeaseUntil < now), cancellationToken),
            DeadLettered: await rows.CountAsync(i => dead.Contains(i.State), cancellationToken),
            OldestDueAt: DurableClaim.Utc(await due.MinAsync(i => (DateTime?)i.NextAttemptAt, cancellationToken)));
    }

    public async Task<IReadOnlyList<WorkItemView>> ListAsync(WorkItemFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var scope = scopes.CreateAsyncScope();
        var (now, pendingState, dead) = (time.GetUtcNow().UtcDateTime, PendingState, DeadStates);
        var (from, to) = filter.Window;
        var query = OwnRows(scope.ServiceProvider.GetRequiredService<TContext>().Set<TItem>().AsNoTracking()).Where(i => i.CreatedAt >= from && i.CreatedAt < to);
        query = filter.State switch
        {
            WorkItemStates.Pending => query.Where(i => i.State == pendingState && (i.LeaseUntil == null || i.LeaseUntil < now)),
            WorkItemStates.InFlight => query.Where(i => i.State == pendingState && i.LeaseUntil >= now),
            WorkItemStates.DeadLettered => query.Where(i => dead.Contains(i.State)),
            WorkItemStates.Done => query.Where(i => i.State != pendingState && !dead.Contains(i.State)),
            _ => query,
        };
        query = filter.Kind is null ? query : query.Where(i => i.Kind == filter.Kind);
        query = filter.Scope is null ? query : InScope(query, filter.Scope);
        var items = await query.OrderByDescending(i => i.CreatedAt).Take(filter.Limit).ToListAsync(cancellationToken);

        // Never the payload: it may hold personal data.
        return items.Select(i => new WorkItemView(
            Name, i.Id, i.Kind, ScopeOf(i),
            i.State == pendingState ? (i.LeaseUntil >= now ? WorkItemStates.InFlight : WorkItemStates.Pending) : dead.Contains(i.State) ? WorkItemStates.DeadLettered : WorkItemStates.Done,
            Detail(i), i.Attempts, Utc(i.CreatedAt), i.State == pendingState ? Utc(i.NextAttemptAt) : null,
            i.LeaseUntil is { } lease && lease >= now ? Utc(lease) : null, i.LastError)).ToList();
    }

    /// <summary>A dead-lettered (or failed) item goes back to pending with a fresh attempt count.</summary>
    public async Task<bool> RequeueAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var (pendingState, dead) = (PendingState, DeadStates);
        return await scope.ServiceProvider.GetRequiredService<UnitOfWork>().ExecuteAsync(
            async () =>
            {
                var item = await OwnRows(db.Set<TItem>()).FirstOrDefaultAsync(i => i.Id == id && dead.Contains(i.State), cancellationToken);
                if (item is null)
                {
                    return false;
                }

                var now = time.GetUtcNow().UtcDateTime;
                (item.State, item.Attempts, item.NextAttemptAt, item.LeaseUntil, item.LockedBy, item.UpdatedAt) = (pendingState, 0, now, null, null, now);
                item.LastError = $"Requeued by an operator at {now:u}. Before: {item.LastError}";
                return true;
            },
            cancellationToken);
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
