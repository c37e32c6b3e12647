using System.Data.Common;
using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.YouthChat.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DigiHelsestasjon.YouthChat.RealTime;

/// <summary>With <c>FanOut=table</c> (SQL Server, which has no LISTEN/NOTIFY): reads the signals other instances wrote
/// (<see cref="ChatFanOut"/>) every <see cref="YouthChatOptions.SignalPollInterval"/> and wakes this process's streams.
/// Ids are read again a little behind the newest seen, since a signal whose insert committed late can carry a lower id
/// than one already read; what is seen once is not woken twice. What is missed still arrives at the stream's keep-alive.</summary>
internal sealed class TableChatListener(
    ChatSignals signals, ChatFanOut fanOut, PlatformStartup startup, TimeProvider time,
    IOptions<YouthChatOptions> options, ILogger<TableChatListener> logger) : BackgroundService
{
    /// <summary>How far behind the newest id each read starts.</summary>
    private const int Overlap = 200;

    /// <summary>A signal is of use for seconds; it is kept a few minutes, then removed.</summary>
    private static readonly TimeSpan Kept = TimeSpan.FromMinutes(5);

    private long newest = -1;
    private readonly HashSet<long> seen = [];
    private DateTime nextPrune = DateTime.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await startup.WhenReady.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is DbException or DbUpdateException or TimeoutException or InvalidOperationException)
            {
                logger.LogWarning("The youth chat could not read other instances' signals; it tries again: {Error}", exception.Message);
            }

            try
            {
                await Task.Delay(options.Value.SignalPollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        await using var db = fanOut.SignalContext();
        if (newest < 0)
        {
            // From now on; whatever changed before, every stream reads once.
            newest = await db.Signals.MaxAsync(s => (long?)s.Id, cancellationToken) ?? 0;
            signals.WakeAll();
            return;
        }

        var from = newest - Overlap;
        var found = await db.Signals.AsNoTracking().Where(s => s.Id > from).OrderBy(s => s.Id)
            .Select(s => new { s.Id, s.Instance, s.Key }).ToListAsync(cancellationToken);
        foreach (var signal in found)
        {
            newest = Math.Max(newest, signal.Id);
            if (seen.Add(signal.Id) && signal.Instance != fanOut.InstanceId)
            {
                signals.Wake(signal.Key);
            }
        }

        seen.RemoveWhere(id => id <= newest - Overlap);
        var now = time.GetUtcNow().UtcDateTime;
        if (now >= nextPrune)
        {
            var before = now - Kept;
            await db.Signals.Where(s => s.At < before).ExecuteDeleteAsync(cancellationToken);
            nextPrune = now + Kept;
        }
    }
}
