using DigiHelsestasjon.BuildingBlocks.Contracts;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using MediatR;

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

        // An event of a kind this consumer does not act on leaves no trace, not even an inbox row.
        if (!Handles(notification))
        {
            return;
        }

        var unitOfWork = Db.UnitOfWork ?? throw new InvalidOperationException($"{typeof(TContext).Name} was not resolved from a scope.");

        // One unit of work (or the command's that published the event): the inbox row first, then the work, committed together.
        // A concurrent copy of the event waits on the inbox row's key and finds it taken once the first commits.
        await unitOfWork.ExecuteAsync(
            async () =>
            {
                var entry = new InboxMessage { EventId = notification.EventId, Consumer = ConsumerName, HandledAt = Time.GetUtcNow().UtcDateTime };
                if (await Db.InsertIfAbsentAsync(entry, cancellationToken))
                {
                    await HandleOnceAsync(notification, cancellationToken);
                }
            },
            cancellationToken);
    }

    /// <summary>Whether this consumer acts on the event at all (a kind it follows); decided from the event alone.</summary>
    protected virtual bool Handles(TEvent integrationEvent) => true;

    /// <summary>Do the work; change <see cref="Db"/> only (it is saved for you).</summary>
    protected abstract Task HandleOnceAsync(TEvent integrationEvent, CancellationToken cancellationToken);
}
