using DigiHelsestasjon.BuildingBlocks.Contracts;

namespace DigiHelsestasjon.HealthRecords.Contracts;

/// <summary>A new test result is ready for the person (no result, no name of the test: a notice may only say there is something to see).</summary>
/// <param name="YouthService">Taken by the school health service or the youth clinic: a 12-15-year-old's own.</param>
public sealed record TestResultReadyForPerson(Guid PersonId, Guid UnitId, string EntryId, bool ExemptFromParentalAccess, bool YouthService) : IntegrationEvent;
