using System.Security.Cryptography;
using System.Text;
using DigiHelsestasjon.Epj.Sdk;
using Microsoft.Extensions.Logging;

namespace DigiHelsestasjon.Simulators.Epj;

// How the journal answers one message: idempotently, with injected faults, and with receipts and outcomes at the
// vendor's timing (at once, or later as OutcomeReported).
public sealed partial class SimulatedJournal
{
    private readonly Dictionary<Guid, EpjAcknowledgement> answered = [];
    private int documents;
    private bool loseNextAck;

    public Task<bool> LoseNextAcknowledgementAsync(CancellationToken cancellationToken)
    {
        loseNextAck = true;
        return Task.FromResult(true);
    }

    /// <summary>Faults, duplicates and lost acknowledgements around one idempotent operation.</summary>
    private async Task<EpjAcknowledgement> ProcessAsync(Guid messageId, Func<EpjAcknowledgement> process, CancellationToken cancellationToken, bool alwaysSynchronous = false)
    {
        await DelayAsync(cancellationToken);
        if (Faults.ErrorRate > 0 && Random.Shared.NextDouble() < Faults.ErrorRate)
        {
            throw new EpjTransportException($"{Profile.Product}: simulated transient failure.");
        }

        EpjAcknowledgement ack;
        lock (gate)
        {
            if (!answered.TryGetValue(messageId, out var original))
            {
                original = process();
                answered[messageId] = original;
                if (!alwaysSynchronous)
                {
                    ScheduleLaterLevels(original);
                }
            }

            ack = alwaysSynchronous || original.Receipt?.Status != ReceiptStatus.Ok ? original : SynchronousPart(original);
        }

        if (loseNextAck || (Faults.DropAcks > 0 && Random.Shared.NextDouble() < Faults.DropAcks))
        {
            loseNextAck = false;
            throw new EpjTransportException($"{Profile.Product}: the acknowledgement was lost.");
        }

        return ack;
    }

    private EpjAcknowledgement SynchronousPart(EpjAcknowledgement full) => Profile.Receipts switch
    {
        ReceiptTiming.AllAtOnce => full,
        ReceiptTiming.ReceiptNowJournaledLater => full with { Outcome = null },
        _ => full with { Receipt = null, Outcome = null },
    };

    private void ScheduleLaterLevels(EpjAcknowledgement full)
    {
        if (Profile.Receipts == ReceiptTiming.AllAtOnce || full.Receipt?.Status != ReceiptStatus.Ok)
        {
            return;
        }

        var later = new OutcomeReported
        {
            MessageId = StableId(full.MessageId.ToString(), 3),
            OriginalMessageId = full.MessageId,
            Receipt = Profile.Receipts == ReceiptTiming.ReceiptAfterJournaling ? full.Receipt : null,
            Outcome = full.Outcome,
        };
        Interlocked.Increment(ref started);
        Interlocked.Increment(ref scheduledLater);
        var released = laterLevelsReleased.Task;
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(Profile.JournalDelayMs);
                await released;
                await SendAsync(later with { SentAt = time.GetUtcNow() });
            }
            finally
            {
                Interlocked.Decrement(ref scheduledLater);
            }
        });
    }

    private EpjAcknowledgement Journal(string kind, Guid messageId, string pid, string unitHerId, string text, Func<JournalEntry, JournalEntry>? more = null)
    {
        var receipt = ApplicationReceipt.Ok(messageId);
        var outcome = Outcome(messageId, OutcomeKind.Journaled, NextDocument(), null);
        var entry = new JournalEntry(kind, messageId, pid, unitHerId, text, time.GetUtcNow(), receipt, outcome);
        entries.Add(more is null ? entry : more(entry));
        return Answer(messageId, receipt, outcome);
    }

    private EpjAcknowledgement Rejected(Guid messageId, EpjError error)
    {
        logger.LogInformation("{Product} rejected a message: {Code} {Category}", Profile.Product, error.Code, error.Category);
        return Answer(messageId, ApplicationReceipt.Rejected(messageId, error), null);
    }

    private static EpjAcknowledgement Answer(Guid messageId, ApplicationReceipt receipt, BusinessOutcome? outcome) =>
        new() { MessageId = messageId, Receipt = receipt, Outcome = outcome };

    private BusinessOutcome Outcome(Guid messageId, OutcomeKind kind, string? document, string? reason) =>
        new() { OriginalMessageId = messageId, Kind = kind, DocumentReference = document, At = time.GetUtcNow(), Reason = reason };

    private string NextDocument() => $"{Profile.Vendor.ToUpperInvariant()}-DOC-{Interlocked.Increment(ref documents):D6}";

    /// <summary>A MessageId derived from what the message is, so that a restart re-sends the same id.</summary>
    private static Guid StableId(string what, long version) =>
        new(MD5.HashData(Encoding.UTF8.GetBytes($"{what}/{version}")));
}
