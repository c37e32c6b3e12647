using DigiHelsestasjon.Calendar.Persistence.Entities;

namespace DigiHelsestasjon.Calendar.Features.FollowTheEpj;

/// <summary>The health service set or lifted "exempt from parental access" on an appointment in the EPJ
/// (§ 3-4): the parents of a 12-15-year-old stop (or start again) seeing it from the next request, without
/// waiting for the journal to publish a new version of the appointment.</summary>
internal sealed class ParentalAccessExemptionChangedHandler(CalendarDbContext db, TimeProvider time)
    : IntegrationEventHandler<EpjParentalAccessExemptionChanged, CalendarDbContext>(db, time)
{
    // Messages are exempted where messages live; Calendar holds appointments only.
    protected override bool Handles(EpjParentalAccessExemptionChanged changed) => changed.ItemKind == EpjItemKinds.Appointment;

    protected override async Task HandleOnceAsync(EpjParentalAccessExemptionChanged changed, CancellationToken cancellationToken)
    {

        var appointments = await Db.Appointments
            .Where(a => a.PersonId == changed.PersonId && a.EpjAppointmentId == changed.ItemId)
            .ToListAsync(cancellationToken);
        foreach (var appointment in appointments.Where(a => a.ExemptFromParentalAccess != changed.Exempt))
        {
            appointment.ExemptFromParentalAccess = changed.Exempt;
            appointment.UpdatedAt = Time.GetUtcNow().UtcDateTime;
            Db.AddIntegrationEvent(new AppointmentChanged(
                appointment.Id, appointment.PersonId, appointment.UnitId, new DateTimeOffset(appointment.Start, TimeSpan.Zero), appointment.ExemptFromParentalAccess, appointment.YouthService));
        }
    }
}
