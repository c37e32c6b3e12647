namespace DigiHelsestasjon.HealthRecords.Features.ForwardTestResults;

using DigiHelsestasjon.HealthRecords.Features.Sources;

/// <summary>A journal says a new test result is ready: forget the cached list (so it shows at once) and tell Notifications,
/// with whether it is a youth's own (school health service or HFU).</summary>
internal sealed class EpjTestResultReadyHandler(HealthRecordsDbContext db, TimeProvider time, IMediator mediator, IMemoryCache cache)
    : IntegrationEventHandler<EpjTestResultReady, HealthRecordsDbContext>(db, time)
{
    protected override async Task HandleOnceAsync(EpjTestResultReady ready, CancellationToken cancellationToken)
    {
        cache.Remove(HealthRecordSources.CacheKey(EpjSelfServiceKinds.TestResults, ready.PersonId));
        var unit = await mediator.Send(new GetUnit(ready.UnitId), cancellationToken);
        Db.AddIntegrationEvent(new TestResultReadyForPerson(
            ready.PersonId, ready.UnitId, ready.EntryId, ready.ExemptFromParentalAccess, unit?.Type is null or UnitTypes.SchoolHealth or UnitTypes.YouthClinic));
    }
}
