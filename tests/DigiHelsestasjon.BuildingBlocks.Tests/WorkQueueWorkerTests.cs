using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using DigiHelsestasjon.Testing;
using Microsoft.Extensions.Logging;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.BuildingBlocks.Tests;

/// <summary>The background loop of a queue when the host stops it mid-round.</summary>
public sealed class WorkQueueWorkerTests
{
    [Fact]
    public async Task Given_a_round_that_fails_with_a_real_error_while_the_worker_stops_When_it_stops_Then_the_operator_gets_a_warning_with_the_error()
    {
        var logs = await StopMidRoundAsync(new InvalidOperationException("The connection was closed."));

        logs.ShouldContain(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("notes", StringComparison.Ordinal)
            && l.Contains(nameof(InvalidOperationException), StringComparison.Ordinal) && l.Contains("The connection was closed.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_a_round_that_is_only_cancelled_while_the_worker_stops_When_it_stops_Then_nothing_is_logged()
    {
        var logs = await StopMidRoundAsync(new OperationCanceledException());

        logs.ShouldNotContain(l => l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyCollection<string>> StopMidRoundAsync(Exception onStop)
    {
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var startup = new PlatformStartup();
        startup.MarkReady();
        var queue = new FailingOnStop(onStop);
        using var worker = new WorkQueueWorker(queue, new WorkQueueOptions(), startup, null, factory.CreateLogger<WorkQueueWorker>());

        await worker.StartAsync(CancellationToken.None);
        await queue.InRound.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await worker.StopAsync(CancellationToken.None);

        return logs.Lines;
    }

    /// <summary>A round that lasts until the worker stops, then fails with the given exception.</summary>
    private sealed class FailingOnStop(Exception onStop) : IWorkQueue
    {
        public TaskCompletionSource InRound { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => "notes";

        public async Task<int> ProcessDueAsync(CancellationToken cancellationToken)
        {
            InRound.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            throw onStop;
        }

        public Task<WorkQueueBacklog> BacklogAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<WorkItemView>> ListAsync(WorkItemFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> RequeueAsync(Guid id, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
