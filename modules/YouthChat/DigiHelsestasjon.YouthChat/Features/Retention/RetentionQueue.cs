using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using DigiHelsestasjon.YouthChat.Persistence.Entities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DigiHelsestasjon.YouthChat.Features.Retention;

using DigiHelsestasjon.YouthChat.Features.Conversations;

/// <summary>Looks at one conversation when its time comes: one nobody wrote in for <see cref="YouthChatOptions.IdleTimeout"/>
/// ends, as does a waiting one whose youth is gone (<see cref="ChatPresence"/>: ended as abandoned); one that ended its retention time ago is deleted, every line with it. Returns the unit when something changed.</summary>
internal sealed record RetireConversation(Guid ConversationId) : ICommand<Guid?>;

internal sealed class RetireConversationHandler(YouthChatDbContext db, ChatLog log, TimeProvider time, IOptions<YouthChatOptions> options, UnitOfWork unitOfWork)
    : IRequestHandler<RetireConversation, Guid?>
{
    public async Task<Guid?> Handle(RetireConversation request, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == request.ConversationId, cancellationToken);
        if (conversation is null)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        await unitOfWork.JoinTransactionAsync(cancellationToken);
        if (conversation.State != ConversationStates.Ended)
        {
            var idleAt = ChatPresence.IdleAt(conversation, options.Value);
            if (idleAt <= now && await log.EndAsync(conversation, ChatPresence.EndReason(conversation, now, options.Value), ChatAuthors.System, cancellationToken) is not null)
            {
                return conversation.UnitId;
            }

            await Reschedule(conversation.Id, idleAt, cancellationToken);
            return null;
        }

        var purgeAt = conversation.EndedAt!.Value + TimeSpan.FromHours(conversation.RetentionHours);
        if (purgeAt > now)
        {
            await Reschedule(conversation.Id, purgeAt, cancellationToken);
            return null;
        }

        await ChatErasure.DeleteAsync(db, conversation.Id, cancellationToken);
        return conversation.UnitId;
    }

    private Task Reschedule(Guid id, DateTime at, CancellationToken cancellationToken) =>
        db.Conversations.Where(c => c.Id == id).ExecuteUpdateAsync(
            set => set.SetProperty(c => c.NextCheckAt, at).SetProperty(c => c.LockedBy, (string?)null).SetProperty(c => c.LeaseUntil, (DateTime?)null), cancellationToken);
}

/// <summary>The retention job on the shared work-queue machinery: conversations are claimed by lease when their next check is
/// due (SKIP LOCKED on PostgreSQL, so instances share the work). A failed check keeps its lease until it runs out, then runs again.</summary>
internal sealed class RetentionQueue(
    IServiceScopeFactory scopes, TimeProvider time, IOptionsMonitor<WorkQueueOptions> queueOptions, ChatFanOut fanOut, DatabaseSettings database, ILogger<RetentionQueue> logger)
    : IWorkQueue
{
    public const string QueueName = "youthchat-retention";

    private static readonly QueueTable Columns = new(nameof(Conversation.Id), nameof(Conversation.NextCheckAt), nameof(Conversation.LockedBy), nameof(Conversation.LeaseUntil), "1 = 1");

    private readonly string owner = DurableClaim.NewOwner();

    public string Name => QueueName;

    private WorkQueueOptions Settings => queueOptions.Get(QueueName);

    public async Task<int> ProcessDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        List<Conversation> claimed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<YouthChatDbContext>();
            claimed = await DurableClaim.ClaimAsync<Conversation>(db, Columns, owner, now, Settings.Lease, Settings.BatchSize, cancellationToken);
            await db.BlockedTokens.Where(b => b.Until <= now).ExecuteDeleteAsync(cancellationToken);
            await db.NursesOnDuty.Where(n => n.SeenAt <= now.AddDays(-1)).ExecuteDeleteAsync(cancellationToken);
        }

        var erased = false;
        foreach (var conversation in claimed)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RetireConversation(conversation.Id), cancellationToken) is { } unitId)
                {
                    erased |= conversation.State == ConversationStates.Ended;
                    await fanOut.ChangedAsync(conversation.Id, unitId);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Retention check of chat conversation {ConversationId} failed; it is tried again when its lease runs out.", conversation.Id);
            }
        }

        if (erased)
        {
            await ChatErasure.CheckpointAsync(database, logger);
        }

        return claimed.Count;
    }

    public async Task<WorkQueueBacklog> BacklogAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await DurableClaim.BacklogAsync<Conversation>(scope.ServiceProvider.GetRequiredService<YouthChatDbContext>(), Columns, QueueName, time.GetUtcNow().UtcDateTime, cancellationToken);
    }

    public async Task<IReadOnlyList<WorkItemView>> ListAsync(WorkItemFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.State is WorkItemStates.DeadLettered or WorkItemStates.Done)
        {
            return [];
        }

        await using var scope = scopes.CreateAsyncScope();
        var now = time.GetUtcNow().UtcDateTime;
        var (from, to) = filter.Window;
        var query = scope.ServiceProvider.GetRequiredService<YouthChatDbContext>().Conversations.AsNoTracking().Where(c => c.CreatedAt >= from && c.CreatedAt < to);
        query = filter.Scope is null ? query : query.Where(c => c.Kommunenummer == filter.Scope);
        var items = await query.OrderBy(c => c.NextCheckAt).Take(filter.Limit).ToListAsync(cancellationToken);
        return items
            .Select(c => new WorkItemView(
                QueueName, c.Id, c.State == ConversationStates.Ended ? "delete" : "idle-end", c.Kommunenummer,
                c.LeaseUntil >= now ? WorkItemStates.InFlight : WorkItemStates.Pending, c.State, 0, new DateTimeOffset(c.CreatedAt, TimeSpan.Zero),
                new DateTimeOffset(c.NextCheckAt, TimeSpan.Zero), c.LeaseUntil is { } lease && lease >= now ? new DateTimeOffset(lease, TimeSpan.Zero) : null, null))
            .Where(filter.Matches)
            .ToList();
    }

    /// <summary>Nothing here dead-letters: a failed check simply runs again.</summary>
    public Task<bool> RequeueAsync(Guid id, CancellationToken cancellationToken) => Task.FromResult(false);
}
