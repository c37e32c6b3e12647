using DigiHelsestasjon.Messaging.Persistence.Entities;

namespace DigiHelsestasjon.Messaging.Features.FollowTheEpj;

/// <summary>A citizen's message follows its EPJ item through the acknowledgement levels: the application receipt makes it
/// <c>received</c>, only the business outcome makes it <c>journaled</c>. An event older than the state shown changes
/// nothing (events may arrive out of order); <c>journaled</c> is final; <c>failed</c> can still be overtaken when an operator
/// requeues the item and the journal then takes it.</summary>
internal sealed class CitizenMessageDeliveryHandler(MessagingDbContext db, TimeProvider time)
    : IntegrationEventHandler<EpjDeliveryStateChanged, MessagingDbContext>(db, time)
{
    protected override bool Handles(EpjDeliveryStateChanged changed) =>
        changed.Kind is EpjDeliveryKinds.CitizenMessage or EpjDeliveryKinds.YouthChatTranscript && StateFor(changed.State) is not null;

    protected override async Task HandleOnceAsync(EpjDeliveryStateChanged changed, CancellationToken cancellationToken)
    {
        var state = StateFor(changed.State)!;

        var message = await Db.Messages.FirstOrDefaultAsync(m => m.EpjMessageId == changed.MessageId && m.Direction == Message.ToUnit, cancellationToken);
        var at = changed.OccurredAt.UtcDateTime;
        if (message is null || message.DeliveryState == DeliveryStates.Journaled || message.DeliveryStateAt > at || message.DeliveryState == state)
        {
            return;
        }

        message.DeliveryState = state;
        message.DeliveryStateAt = at;
        message.JournaledAt = state == DeliveryStates.Journaled ? at : null;
        message.FailureReason = state == DeliveryStates.Failed ? WhatToDo(changed) : null;
        if (state == DeliveryStates.Failed)
        {
            var thread = await Db.Threads.AsNoTracking().FirstAsync(t => t.Id == message.ThreadId, cancellationToken);
            Db.AddIntegrationEvent(new CitizenMessageFailed(
                thread.Id, message.Id, message.PersonId, message.UnitId, message.AuthorPersonId ?? Guid.Empty,
                message.ExemptFromParentalAccess || thread.ExemptFromParentalAccess, thread.YouthService));
        }
    }

    /// <summary>The item's state in the citizen's words; pending and delivered (transport only) show as sent.</summary>
    private static string? StateFor(string itemState) => itemState switch
    {
        EpjItemStates.Received or EpjItemStates.PendingReview => DeliveryStates.Received,
        EpjItemStates.Journaled => DeliveryStates.Journaled,
        EpjItemStates.Refused or EpjItemStates.Failed or EpjItemStates.DeadLettered => DeliveryStates.Failed,
        _ => null,
    };

    /// <summary>Never the journal's own words (they are for the operator): what happened, and what to do now.</summary>
    private static string WhatToDo(EpjDeliveryStateChanged changed) => changed.State switch
    {
        EpjItemStates.Refused => "Helsestasjonen kunne ikke ta imot meldingen. Ring helsestasjonen.",
        _ when changed.Reason?.Contains("attachment", StringComparison.OrdinalIgnoreCase) == true =>
            "Helsestasjonen kunne ikke ta imot vedlegget. Send meldingen uten vedlegg, eller ring helsestasjonen.",
        _ => "Meldingen kom ikke fram til helsestasjonen. Ring helsestasjonen, eller prøv igjen senere.",
    };
}
