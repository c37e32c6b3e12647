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

/// <summary>A citizen's cancellation request was decided. <paramref name="RequestedByPersonId"/>: who asked (null when not
/// known: an event written before it was carried, or a failed delivery); <paramref name="NeededApproval"/>: the municipality
/// has staff decide, so the decision is news to the one who asked.</summary>
public sealed record CancellationDecided(
    Guid AppointmentId, Guid PersonId, Guid UnitId, bool Accepted, bool ExemptFromParentalAccess, bool YouthService,
    Guid? RequestedByPersonId = null, bool NeededApproval = false) : IntegrationEvent;

/// <summary>The kinds of appointment each of these units of one municipality opens to self-booking, replacing what it had
/// (an empty list closes it). The municipality's admin sets one unit over the API; the demo seeding opens every simulated
/// unit's kind in one command per municipality.</summary>
public sealed record SetSelfBookingKinds(string Kommunenummer, IReadOnlyList<UnitSelfBookingKinds> Units) : ICommand<IReadOnlyList<UnitSelfBookingKinds>>;

public sealed record UnitSelfBookingKinds(Guid UnitId, IReadOnlyList<string> Kinds);

/// <summary>The units a person has (or had) appointments with: where the person's journals are.</summary>
public sealed record GetPersonAppointmentUnits(Guid PersonId) : IQuery<IReadOnlyList<Guid>>;
