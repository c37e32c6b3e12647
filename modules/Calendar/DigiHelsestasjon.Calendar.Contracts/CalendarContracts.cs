using DigiHelsestasjon.BuildingBlocks.Contracts;

namespace DigiHelsestasjon.Calendar.Contracts;

// Facts for Notifications. They carry ids and times, never the appointment type: a notice may
// only say that there is something to see.

/// <summary>A new appointment for the person.</summary>
public sealed record AppointmentBooked(Guid AppointmentId, Guid PersonId, Guid UnitId, DateTimeOffset Start, bool ExemptFromParentalAccess, bool YouthService) : IntegrationEvent;

/// <summary>The time or place changed.</summary>
public sealed record AppointmentChanged(Guid AppointmentId, Guid PersonId, Guid UnitId, DateTimeOffset Start, bool ExemptFromParentalAccess, bool YouthService) : IntegrationEvent;

/// <summary>The appointment was cancelled (by the citizen or the health service).</summary>
public sealed record AppointmentCancelled(Guid AppointmentId, Guid PersonId, Guid UnitId, DateTimeOffset Start, bool ExemptFromParentalAccess, bool YouthService) : IntegrationEvent;

/// <summary>A citizen's cancellation request was decided.</summary>
public sealed record CancellationDecided(Guid AppointmentId, Guid PersonId, Guid UnitId, bool Accepted, bool ExemptFromParentalAccess, bool YouthService) : IntegrationEvent;

/// <summary>The kinds of appointment a unit opens to self-booking, replacing what it had (an empty list closes it).
/// The municipality's admin sets this over the API; the demo seeding opens the simulated journals' kinds.</summary>
public sealed record SetSelfBookingKinds(string Kommunenummer, Guid UnitId, IReadOnlyList<string> Kinds) : ICommand<IReadOnlyList<string>>;

/// <summary>The units a person has (or had) appointments with: where the person's journals are.</summary>
public sealed record GetPersonAppointmentUnits(Guid PersonId) : IQuery<IReadOnlyList<Guid>>;
