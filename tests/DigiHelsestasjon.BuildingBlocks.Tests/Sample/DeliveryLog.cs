using System.Collections.Concurrent;
using DigiHelsestasjon.BuildingBlocks.Contracts;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.BuildingBlocks.Tests.Sample;

/// <summary>A raw consumer with no inbox that records every delivery it sees, to prove what the
/// dispatcher itself delivers. One log per "process".</summary>
public sealed class DeliveryLog
{
    private readonly TaskCompletionSource firstDelivered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<Guid> Delivered { get; } = new();

    /// <summary>Completes once this process has delivered one event.</summary>
    public Task FirstDelivered => firstDelivered.Task;

    /// <summary>When set, this process holds each delivery until that task completes: a test can then make
    /// two processes share the work whatever the machine's speed (unheld, a fast first process may drain
    /// the outbox before the second has started).</summary>
    public Task? HoldUntil { get; init; }

    internal async Task RecordAsync(Guid eventId, CancellationToken cancellationToken)
    {
        if (HoldUntil is { } hold)
        {
            await hold.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }

        Delivered.Enqueue(eventId);
        firstDelivered.TrySetResult();
    }

    public static void AddTo(IServiceCollection services, DeliveryLog log) => services.AddSingleton(log);
}

internal sealed class RecordDelivery(IServiceProvider services) : INotificationHandler<NoteWritten>
{
    public Task Handle(NoteWritten notification, CancellationToken cancellationToken) =>
        services.GetService<DeliveryLog>()?.RecordAsync(notification.EventId, cancellationToken) ?? Task.CompletedTask;
}
