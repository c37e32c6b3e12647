using System.CommandLine;
using DigiHelsestasjon.BuildingBlocks.WorkQueues;

namespace DigiHelsestasjon.Host.Commands;

/// <summary><c>queue list [QUEUE] [--state S] [--kind K] [--scope X]</c> and <c>queue requeue QUEUE ID</c>: the operator view
/// of every work queue, as <c>/api/v1/admin/queues</c> gives it over HTTP. <c>outbox list|requeue</c> is the same for the
/// outbox queue, kept from before every queue had these commands.</summary>
internal static class QueueCommands
{
    public static IEnumerable<Command> Create(HostFactory host, Func<string[]> hostArgs)
    {
        yield return Queue("queue", "The work queues: what waits, and dead-lettered items back to pending.", host, hostArgs, fixedQueue: null);
        yield return Queue("outbox", "The outbox queue (the same as queue list|requeue outbox).", host, hostArgs, fixedQueue: "outbox");
    }

    private static Command Queue(string name, string description, HostFactory host, Func<string[]> hostArgs, string? fixedQueue)
    {
        var queueArgument = new Argument<string?>("QUEUE") { Description = "One queue (outbox, epj-delivery, notifications, ...); all when left out.", Arity = ArgumentArity.ZeroOrOne };
        var state = new Option<string?>("--state") { Description = "pending, in-flight, done or dead-lettered", HelpName = "STATE" };
        state.AcceptOnlyFromAmong([.. WorkItemStates.All, "processed"]);
        var kind = new Option<string?>("--kind") { Description = "The item's type or kind, exactly.", HelpName = "KIND" };
        var scope = new Option<string?>("--scope") { Description = "Module (outbox) or kommunenummer (EPJ delivery).", HelpName = "SCOPE" };
        var list = new Command("list", "Every queue's backlog and its newest items (never their content).") { state, kind, scope };
        if (fixedQueue is null)
        {
            list.Arguments.Add(queueArgument);
        }

        list.SetAction(async (parsed, cancellationToken) =>
        {
            await using var app = host(HostCommand.Queue, hostArgs());
            var states = parsed.GetValue(state) is "processed" ? WorkItemStates.Done : parsed.GetValue(state);
            return await ListAsync(app.Services.GetRequiredService<WorkQueues>(), fixedQueue ?? parsed.GetValue(queueArgument), new WorkItemFilter(states, parsed.GetValue(kind), parsed.GetValue(scope)), cancellationToken);
        });

        var requeueQueue = new Argument<string>("QUEUE") { Description = "The queue the item is in." };
        var id = new Argument<Guid>("ID") { Description = "The dead-lettered item's id." };
        var requeue = new Command("requeue", "Puts a dead-lettered item back to pending with a fresh attempt count.");
        if (fixedQueue is null)
        {
            requeue.Arguments.Add(requeueQueue);
        }

        requeue.Arguments.Add(id);
        requeue.SetAction(async (parsed, cancellationToken) =>
        {
            await using var app = host(HostCommand.Queue, hostArgs());
            return await RequeueAsync(app.Services.GetRequiredService<WorkQueues>(), fixedQueue ?? parsed.GetValue(requeueQueue)!, parsed.GetValue(id), cancellationToken);
        });

        return new Command(name, description) { list, requeue };
    }

    private static async Task<int> ListAsync(WorkQueues queues, string? name, WorkItemFilter filter, CancellationToken cancellationToken)
    {
        var selected = queues.All;
        if (name is not null)
        {
            selected = queues.Find(name) is { } one ? [one] : [];
            if (selected.Count == 0)
            {
                await Console.Error.WriteLineAsync(NoSuchQueue(queues, name));
                return HostCommandLine.Usage;
            }
        }

        foreach (var queue in selected)
        {
            var backlog = await queue.BacklogAsync(cancellationToken);
            Console.WriteLine($"{queue.Name}: {backlog.Due} due, {backlog.InFlight} in flight, {backlog.Scheduled} scheduled, {backlog.DeadLettered} dead-lettered");
            foreach (var item in await queue.ListAsync(filter, cancellationToken))
            {
                Console.WriteLine($"  {item.Id}  {item.Scope,-14} {item.State,-13} attempts={item.Attempts,-2} {item.CreatedAt:u}  {item.Kind}  {item.Detail} {item.LastError}");
            }
        }

        return HostCommandLine.Done;
    }

    private static async Task<int> RequeueAsync(WorkQueues queues, string name, Guid id, CancellationToken cancellationToken)
    {
        if (queues.Find(name) is not { } queue)
        {
            await Console.Error.WriteLineAsync(NoSuchQueue(queues, name));
            return HostCommandLine.Usage;
        }

        if (!await queue.RequeueAsync(id, cancellationToken))
        {
            await Console.Error.WriteLineAsync($"No dead-lettered item {id} in {queue.Name}.");
            return HostCommandLine.Failed;
        }

        Console.WriteLine($"Requeued {id}.");
        return HostCommandLine.Done;
    }

    private static string NoSuchQueue(WorkQueues queues, string name) => $"No queue '{name}'; the queues are: {string.Join(", ", queues.All.Select(q => q.Name))}.";
}
