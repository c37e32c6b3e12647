using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.EpjIntegration.Contracts;
using DigiHelsestasjon.EpjIntegration.Persistence;
using DigiHelsestasjon.EpjIntegration.Persistence.Entities;

namespace DigiHelsestasjon.EpjIntegration.Outbound;

/// <summary>EPJ-specific delivery settings (<c>Epj:Delivery:*</c>); claim, lease, retries and dead letters are the
/// work queue's settings in the same section.</summary>
public sealed class EpjDeliveryOptions
{
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>How acknowledgements move an outbound item. The three levels are kept apart: a receipt
/// makes it <c>received</c>, only the business outcome makes it <c>journaled</c>.</summary>
internal static class Acknowledgements
{
    /// <summary>Not delivered, or the answer lost: retry with backoff, dead-letter after the last attempt.</summary>
    public static void TransportFailed(EpjItem item, string error, DateTime now, WorkQueueOptions options)
    {
        item.Attempts++;
        Retry(item, error, now, options);
    }

    private static void Retry(EpjItem item, string error, DateTime now, WorkQueueOptions options)
    {
        item.LastError = Truncate(error, 2000);
        item.UpdatedAt = now;
        if (item.Attempts >= options.MaxAttempts)
        {
            item.State = EpjItemStates.DeadLettered;
            return;
        }

        item.State = EpjItemStates.Pending;
        item.NextAttemptAt = now + options.RetryDelay(item.Attempts);
    }

    /// <summary>A final failure without a call (unsupported capability, unknown person): no retry.</summary>
    public static void Failed(EpjItem item, string reason, string? code, DateTime now)
    {
        item.Attempts++;
        item.State = EpjItemStates.Failed;
        item.Reason = Truncate(reason, 1000);
        item.ErrorCodes = code;
        item.UpdatedAt = now;
    }

    public static void Acknowledged(EpjItem item, EpjAcknowledgement ack, DateTime now, WorkQueueOptions options)
    {
        item.Attempts++;
        item.TransportDelivered = true;
        if (item.State == EpjItemStates.Pending)
        {
            item.State = EpjItemStates.Delivered;
        }

        Apply(item, ack.Receipt, ack.Outcome, now, options);
    }

    /// <summary>Applies a receipt and/or outcome, synchronous or reported later. Never moves back from a final state.</summary>
    public static void Apply(EpjItem item, ApplicationReceipt? receipt, BusinessOutcome? outcome, DateTime now, WorkQueueOptions options)
    {
        item.UpdatedAt = now;
        if (receipt is not null)
        {
            item.ReceiptStatus = Camel(receipt.Status);
            if (receipt.Errors.Count > 0)
            {
                item.ErrorCodes = string.Join(",", receipt.Errors.Select(e => e.Code).Distinct());
                item.Reason = Truncate(string.Join("; ", receipt.Errors.Select(e => e.Description)), 1000);
            }

            if (receipt.Status == ReceiptStatus.Rejected)
            {
                switch (receipt.Category)
                {
                    case EpjErrorCategory.Transient:
                        Retry(item, $"Rejected as transient: {item.Reason}", now, options);
                        return;
                    case EpjErrorCategory.Poison:
                        // Invalid content will never be accepted: no retries.
                        item.State = EpjItemStates.DeadLettered;
                        item.LastError = item.Reason;
                        return;
                    default:
                        item.State = EpjItemStates.Failed;
                        return;
                }
            }

            if (item.State is EpjItemStates.Pending or EpjItemStates.Delivered)
            {
                item.State = EpjItemStates.Received;
            }
        }

        if (outcome is not null && item.State is not (EpjItemStates.Journaled or EpjItemStates.Refused or EpjItemStates.Failed or EpjItemStates.DeadLettered))
        {
            item.Outcome = Camel(outcome.Kind);
            item.DocumentReference = outcome.DocumentReference ?? item.DocumentReference;
            item.Reason = outcome.Reason is null ? item.Reason : Truncate(outcome.Reason, 1000);
            item.State = outcome.Kind switch
            {
                OutcomeKind.Journaled => EpjItemStates.Journaled,
                OutcomeKind.Refused => EpjItemStates.Refused,
                _ => EpjItemStates.PendingReview,
            };
        }
    }

    /// <summary>Enum values as the API writes them (camelCase), in the items table and events.</summary>
    public static string Camel(Enum value) => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    /// <summary>Integration events for the item's new state, in the same transaction.</summary>
    public static void PublishStateChange(EpjDbContext db, EpjItem item)
    {
        var now = new DateTimeOffset(item.UpdatedAt, TimeSpan.Zero);
        db.AddIntegrationEvent(new EpjDeliveryStateChanged(
            item.MessageId, item.Kind, item.State, item.ReceiptStatus, item.Outcome, item.DocumentReference, item.Reason,
            item.ErrorCodes?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? []) { OccurredAt = now });
        if (item.Kind == EpjDeliveryKinds.Cancellation && item.State is EpjItemStates.Journaled or EpjItemStates.Refused)
        {
            var request = JsonSerializer.Deserialize<EpjCancellationRequested>(item.Payload)!;
            db.AddIntegrationEvent(new EpjCancellationDecided(item.MessageId, request.EpjAppointmentId, item.UnitId, item.State == EpjItemStates.Journaled, item.Reason, request.RequestedByPersonId, request.RequiresApproval)
            {
                OccurredAt = now,
            });
        }
    }
}
