using DigiHelsestasjon.Messaging.Contracts;

namespace DigiHelsestasjon.Notifications.Features.Planning;

/// <summary>A new message from the health service: a mandatory notice to whoever may read it.</summary>
internal sealed class HealthServiceMessageArrivedHandler(NotificationsDbContext db, TimeProvider time, NoticePlanner planner)
    : IntegrationEventHandler<HealthServiceMessageArrived, NotificationsDbContext>(db, time)
{
    protected override Task HandleOnceAsync(HealthServiceMessageArrived arrived, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        return planner.PlanAsync(
            new NoticePlan(
                NoticeKinds.NewMessage, $"message:{arrived.MessageId:N}", arrived.PersonId, arrived.UnitId,
                new ItemProtection(arrived.ExemptFromParentalAccess, arrived.YouthService), now, now.AddDays(3)),
            cancellationToken);
    }
}

/// <summary>A citizen's message could not be journaled: the one who wrote it is told to look (and to call).</summary>
internal sealed class CitizenMessageFailedHandler(NotificationsDbContext db, TimeProvider time, NoticePlanner planner)
    : IntegrationEventHandler<CitizenMessageFailed, NotificationsDbContext>(db, time)
{
    // A message without a person as author (a transcript) has nobody to tell.
    protected override bool Handles(CitizenMessageFailed failed) => failed.AuthorPersonId != Guid.Empty;

    protected override Task HandleOnceAsync(CitizenMessageFailed failed, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        return planner.PlanAsync(
            new NoticePlan(
                NoticeKinds.MessageFailed, $"message-failed:{failed.MessageId:N}", failed.PersonId, failed.UnitId,
                new ItemProtection(failed.ExemptFromParentalAccess, failed.YouthService), now, now.AddDays(3)),
            cancellationToken,
            onlyTo: [failed.AuthorPersonId]);
    }
}
