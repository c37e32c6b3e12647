using DigiHelsestasjon.Calendar.Persistence.Entities;

namespace DigiHelsestasjon.Calendar.Features.FollowTheEpj;

using DigiHelsestasjon.Calendar.Features.SelfBooking;

/// <summary>Keeps the appointment in step with the EPJ: a version at or below the one held changes nothing.</summary>
internal sealed class AppointmentPublishedHandler(CalendarDbContext db, TimeProvider time, IMediator mediator)
    : IntegrationEventHandler<EpjAppointmentPublished, CalendarDbContext>(db, time)
{
    protected override async Task HandleOnceAsync(EpjAppointmentPublished published, CancellationToken cancellationToken)
    {
        var appointment = await Db.Appointments.FirstOrDefaultAsync(a => a.UnitId == published.UnitId && a.EpjAppointmentId == published.EpjAppointmentId, cancellationToken);
        if (appointment is not null && appointment.Version >= published.Version)
        {
            return;
        }

        var created = appointment is null;
        if (appointment is null)
        {
            var unit = await mediator.Send(new GetUnit(published.UnitId), cancellationToken);
            appointment = new Appointment
            {
                Id = Guid.NewGuid(), PersonId = published.PersonId, UnitId = published.UnitId, EpjAppointmentId = published.EpjAppointmentId,
                // A youth's own contact: at the youth clinic, or a time the youth booked themself (at the school nurse too).
                // Only the school nurse needs the look-up: everything at the youth clinic is the youth's already, and nobody
                // self-books a time of their own at the health station.
                YouthService = unit?.Type == UnitTypes.YouthClinic || unit?.Type == UnitTypes.SchoolHealth && await Db.Bookings.AnyAsync(
                    b => b.PersonId == published.PersonId && b.UnitId == published.UnitId && b.Start == published.Start.UtcDateTime
                        && b.ActorRelation == SubjectRelations.Self && b.State != BookingStates.Refused,
                    cancellationToken),
            };
            Db.Appointments.Add(appointment);
        }

        var wasCancelled = appointment.Status == "cancelled";

        // A newborn's first items live on the mother until the child has a fødselsnummer; once the journal publishes them
        // for the child, they move to the child's subject (and leave the mother's).
        appointment.PersonId = published.PersonId;
        appointment.Version = published.Version;
        appointment.Start = published.Start.UtcDateTime;
        appointment.End = published.End.UtcDateTime;
        appointment.Type = published.AppointmentType;
        appointment.PractitionerRole = published.PractitionerRole;
        appointment.Location = published.Location;
        appointment.IsVideo = published.IsVideo;
        appointment.ExemptFromParentalAccess = published.ExemptFromParentalAccess;
        appointment.Status = published.Status;
        appointment.UpdatedAt = Time.GetUtcNow().UtcDateTime;

        var start = new DateTimeOffset(appointment.Start, TimeSpan.Zero);
        var (id, person, unitId, exempt, youth) = (appointment.Id, appointment.PersonId, appointment.UnitId, appointment.ExemptFromParentalAccess, appointment.YouthService);
        var cancelled = appointment.Status == "cancelled";
        IIntegrationEvent? fact = (created, cancelled) switch
        {
            // First seen already cancelled (a late first version): nothing anyone should be told.
            (true, true) => null,
            (true, false) => new AppointmentBooked(id, person, unitId, start, exempt, youth),
            (false, true) when !wasCancelled => new AppointmentCancelled(id, person, unitId, start, exempt, youth),
            _ => new AppointmentChanged(id, person, unitId, start, exempt, youth),
        };
        if (fact is not null)
        {
            Db.AddIntegrationEvent(fact);
        }
    }
}

/// <summary>The EPJ decided a cancellation (at once, or after the health service's approval).</summary>
internal sealed class CancellationDecidedHandler(CalendarDbContext db, TimeProvider time)
    : IntegrationEventHandler<EpjCancellationDecided, CalendarDbContext>(db, time)
{
    protected override async Task HandleOnceAsync(EpjCancellationDecided decided, CancellationToken cancellationToken)
    {
        var appointment = await Db.Appointments.FirstOrDefaultAsync(a => a.CancellationMessageId == decided.CancellationMessageId, cancellationToken);
        if (appointment is null || appointment.CancellationState is "accepted" or "refused")
        {
            return;
        }

        appointment.CancellationState = decided.Accepted ? "accepted" : "refused";
        appointment.CancellationDecisionReason = decided.Reason;
        appointment.UpdatedAt = Time.GetUtcNow().UtcDateTime;
        Db.AddIntegrationEvent(new CancellationDecided(
            appointment.Id, appointment.PersonId, appointment.UnitId, decided.Accepted, appointment.ExemptFromParentalAccess, appointment.YouthService, decided.RequestedByPersonId, decided.RequiresApproval));

        // An accepted cancellation is the appointment cancelled, whether or not the journal also publishes it (on the
        // national bus the answer 08 alone says so): no reminder may go for it.
        if (decided.Accepted && appointment.Status != "cancelled")
        {
            appointment.Status = "cancelled";
            Db.AddIntegrationEvent(new AppointmentCancelled(appointment.Id, appointment.PersonId, appointment.UnitId, new DateTimeOffset(appointment.Start, TimeSpan.Zero),
                appointment.ExemptFromParentalAccess, appointment.YouthService));
        }
    }
}

/// <summary>The cancellation could not be delivered to the EPJ: the citizen must call instead.</summary>
internal sealed class CancellationDeliveryFailedHandler(CalendarDbContext db, TimeProvider time)
    : IntegrationEventHandler<EpjDeliveryStateChanged, CalendarDbContext>(db, time)
{
    protected override bool Handles(EpjDeliveryStateChanged changed) =>
        changed.Kind == EpjDeliveryKinds.Cancellation && changed.State is EpjItemStates.Failed or EpjItemStates.DeadLettered;

    protected override async Task HandleOnceAsync(EpjDeliveryStateChanged changed, CancellationToken cancellationToken)
    {

        var appointment = await Db.Appointments.FirstOrDefaultAsync(a => a.CancellationMessageId == changed.MessageId && a.CancellationState == "requested", cancellationToken);
        if (appointment is null)
        {
            return;
        }

        appointment.CancellationState = "refused";
        appointment.CancellationDecisionReason = "Avbestillingen kunne ikke registreres hos helsestasjonen. Ring helsestasjonen for å avbestille.";
        appointment.UpdatedAt = Time.GetUtcNow().UtcDateTime;
        Db.AddIntegrationEvent(new CancellationDecided(appointment.Id, appointment.PersonId, appointment.UnitId, false, appointment.ExemptFromParentalAccess, appointment.YouthService));
    }
}
