using DigiHelsestasjon.Epj.Sdk;
using Microsoft.Extensions.Logging;

namespace DigiHelsestasjon.Simulators.Epj;

// The journal's outbound queue to the platform (EPJ -> platform).
public sealed partial class SimulatedJournal
{
    /// <summary>Sends in order on a background task, retrying while the platform is away (as a journal's
    /// outbound queue would), and sometimes twice when the duplicate fault is on.</summary>
    private void Publish(InboundMessage message)
    {
        Interlocked.Increment(ref started);
        lock (queueGate)
        {
            sending = sending.ContinueWith(_ => SendAsync(message), TaskScheduler.Default).Unwrap();
        }
    }

    private readonly object queueGate = new();
    private Task sending = Task.CompletedTask;
    private long started;
    private int scheduledLater;

    /// <summary>How many sends the journal has started, ever: a test harness that saw the same number before and
    /// after looking at the platform knows the journal started nothing in between.</summary>
    public long SendsStarted => Interlocked.Read(ref started);

    /// <summary>Nothing queued or scheduled to be sent to the platform.</summary>
    public bool IsIdle => Flushed.IsCompleted && Volatile.Read(ref scheduledLater) == 0;

    /// <summary>Completes when everything published so far has been sent (or given up).</summary>
    public Task Flushed
    {
        get
        {
            lock (queueGate)
            {
                return sending;
            }
        }
    }

    private async Task SendAsync(InboundMessage message)
    {
        var target = platform;
        if (target is null)
        {
            return;
        }

        var copies = Faults.DuplicateRate > 0 && Random.Shared.NextDouble() < Faults.DuplicateRate ? 2 : 1;
        for (var copy = 0; copy < copies; copy++)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var receipt = await target.SendAsync(message, CancellationToken.None);
                    if (receipt.Status == ReceiptStatus.Rejected && receipt.Category == EpjErrorCategory.Transient && attempt < 8)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Pow(2, attempt)));
                        continue;
                    }

                    if (receipt.Status == ReceiptStatus.Rejected)
                    {
                        logger.LogWarning("{Product}: the platform rejected {Type}: {Errors}", Profile.Product, message.GetType().Name, string.Join("; ", receipt.Errors.Select(e => $"{e.Code} {e.Description}")));
                    }

                    break;
                }
                catch (Exception exception) when (exception is EpjTransportException or HttpRequestException && attempt < 8)
                {
                    logger.LogInformation("{Product}: the platform did not answer ({Message}); retrying.", Profile.Product, exception.Message);
                    await Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Pow(2, attempt)));
                }
                catch (Exception exception)
                {
                    logger.LogWarning(exception, "{Product}: gave up sending {Type} to the platform.", Profile.Product, message.GetType().Name);
                    break;
                }
            }
        }
    }
}
