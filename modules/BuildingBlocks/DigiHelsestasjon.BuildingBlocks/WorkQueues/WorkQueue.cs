namespace DigiHelsestasjon.BuildingBlocks.WorkQueues;

/// <summary>Work that is accepted now and done later, durably: the outbox, EPJ delivery, and later scheduled
/// notices and retention purges. Every queue claims with a lease (<see cref="DurableClaim"/>), retries with
/// backoff and jitter, dead-letters, and shows the same operator view.</summary>
public interface IWorkQueue
{
    /// <summary>Stable name in configuration, metrics, the operator API and the command line (for example <c>outbox</c>).</summary>
    string Name { get; }

    /// <summary>Claims the items due now and processes them; returns how many it claimed.</summary>
    Task<int> ProcessDueAsync(CancellationToken cancellationToken);

    /// <summary>What waits: due, held by a live lease (in flight), scheduled for later, dead-lettered.</summary>
    Task<WorkQueueBacklog> BacklogAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<WorkItemView>> ListAsync(WorkItemFilter filter, CancellationToken cancellationToken);

    /// <summary>Puts a dead-lettered (or failed) item back with a fresh attempt count; false if there is none with that id.</summary>
    Task<bool> RequeueAsync(Guid id, CancellationToken cancellationToken);
}

/// <param name="OldestDueAt">When the oldest due item was due (null when nothing is due): the queue's lag.</param>
public sealed record WorkQueueBacklog(string Queue, int Due, int InFlight, int Scheduled, int DeadLettered, DateTimeOffset? OldestDueAt = null)
{
    /// <summary>Nothing due and nothing in flight: only future retries (or dead letters) remain.</summary>
    public bool IsQuiet => Due == 0 && InFlight == 0;
}

/// <summary>Work item states as the operator sees them, the same words in every queue.</summary>
public static class WorkItemStates
{
    public const string Pending = "pending";
    public const string InFlight = "in-flight";
    public const string Done = "done";
    public const string DeadLettered = "dead-lettered";

    public static readonly IReadOnlyList<string> All = [Pending, InFlight, Done, DeadLettered];
}

/// <summary>One item as an operator sees it: never the payload (it may hold personal data).</summary>
/// <param name="Scope">Where it belongs: the module (outbox) or the kommunenummer (EPJ delivery).</param>
/// <param name="Detail">The queue's own state, for example the EPJ acknowledgement level.</param>
public sealed record WorkItemView(
    string Queue, Guid Id, string Kind, string Scope, string State, string? Detail, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? LockedUntil, string? LastError);

/// <param name="State">One of <see cref="WorkItemStates"/>.</param>
/// <param name="Kind">The item's type or kind, matched exactly.</param>
/// <param name="Scope">Module or kommunenummer.</param>
public sealed record WorkItemFilter(string? State = null, string? Kind = null, string? Scope = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int Limit = 200)
{
    /// <summary>The creation window in UTC, open ends as the earliest and latest time (for a query on a created-at column).</summary>
    public (DateTime From, DateTime To) Window => (From?.UtcDateTime ?? DateTime.MinValue, To?.UtcDateTime ?? DateTime.MaxValue);

    /// <summary>For a queue that works out its views' state in memory (a table with a lease, not an item table):
    /// does this view have the state, kind and scope asked for?</summary>
    public bool Matches(WorkItemView view) =>
        view is not null && (State is null || view.State == State) && (Kind is null || view.Kind == Kind) && (Scope is null || view.Scope == Scope);
}

/// <summary>All queues of the process, for the operator view and the test harness.</summary>
public sealed class WorkQueues(IEnumerable<IWorkQueue> queues)
{
    public IReadOnlyList<IWorkQueue> All { get; } = queues.ToList();

    public IWorkQueue? Find(string name) => All.FirstOrDefault(q => string.Equals(q.Name, name, StringComparison.OrdinalIgnoreCase));
}
