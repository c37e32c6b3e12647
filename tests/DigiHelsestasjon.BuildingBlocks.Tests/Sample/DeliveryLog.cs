using System.Collections.Concurrent;
using DigiHelsestasjon.BuildingBlocks.Contracts;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.BuildingBlocks.Tests.Sample;

/// <summary>A raw consumer with no inbox that records every delivery it sees, to prove what the
/// dispatcher itself delivers. One log per "process".</summary>
public sealed class DeliveryLog
{
    public ConcurrentQueue<Guid> Delivered { get; } = new();

    public static void AddTo(IServiceCollection services, DeliveryLog log) => services.AddSingleton(log);
}

internal sealed class RecordDelivery(IServiceProvider services) : INotificationHandler<NoteWritten>
{
    public Task Handle(NoteWritten notification, CancellationToken cancellationToken)
    {
        services.GetService<DeliveryLog>()?.Delivered.Enqueue(notification.EventId);
        return Task.CompletedTask;
    }
}
