using DigiHelsestasjon.BuildingBlocks.Contracts;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace DigiHelsestasjon.BuildingBlocks.Outbox;

/// <summary>Base for a consumer of an integration event: it acts once per event, however often
/// the event is delivered. The inbox row commits in the same transaction as the consumer's changes.</summary>
public abstract class IntegrationEventHandler<TEvent, TContext>(TContext db, TimeProvider time) : INotificationHandler<TEvent>
    where TEvent : IIntegrationEvent
    where TContext : ModuleDbContext
{
    protected TContext Db { get; } = db;

    protected TimeProvider Time { get; } = time;

    /// <summary>The name under which this consumer records what it handled.</summary>
    protected virtual string ConsumerName => GetType().FullName!;

    public async Task Handle(TEvent notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var unitOfWork = Db.UnitOfWork ?? throw new InvalidOperationException($"{typeof(TContext).Name} was not resolved from a scope.");

        // The handling is a unit of work of its own (or joins the command that published the event): the work and the
        // inbox row commit together. A concurrent duplicate fails on the inbox key, is retried, then skipped here.
        await unitOfWork.RunAsync(
            async () =>
            {
                var consumer = ConsumerName;
                if (await Db.Inbox.AnyAsync(i => i.EventId == notification.EventId && i.Consumer == consumer, cancellationToken))
                {
                    return false;
                }

                await unitOfWork.JoinTransactionAsync(cancellationToken);
                await HandleOnceAsync(notification, cancellationToken);
                Db.Inbox.Add(new InboxMessage { EventId = notification.EventId, Consumer = consumer, HandledAt = Time.GetUtcNow().UtcDateTime });
                return true;
            },
            cancellationToken);
    }

    /// <summary>Do the work; change <see cref="Db"/> only (it is saved for you).</summary>
    protected abstract Task HandleOnceAsync(TEvent integrationEvent, CancellationToken cancellationToken);
}
