using DigiHelsestasjon.HealthRecords.Contracts;

namespace DigiHelsestasjon.Notifications.Features.Planning;

/// <summary>A new test result: a notice to whoever may see it (the same content rule as every notice: it says only that
/// there is something to see). A 12-15-year-old's result from the school health service or HFU reaches no parent.</summary>
internal sealed class TestResultReadyHandler(NotificationsDbContext db, TimeProvider time, NoticePlanner planner)
    : IntegrationEventHandler<TestResultReadyForPerson, NotificationsDbContext>(db, time)
{
    protected override Task HandleOnceAsync(TestResultReadyForPerson ready, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        return planner.PlanAsync(
            new NoticePlan(
                NoticeKinds.TestResultReady, $"test-result:{ready.UnitId:N}:{ready.EntryId}", ready.PersonId, ready.UnitId,
                new ItemProtection(ready.ExemptFromParentalAccess, ready.YouthService), now, now.AddDays(3)),
            cancellationToken);
    }
}
