using DigiHelsestasjon.Calendar.Contracts;
using DigiHelsestasjon.Notifications.Persistence.Entities;

namespace DigiHelsestasjon.Notifications.Features.Planning;

/// <summary>Reminders at the municipality's lead times (for example 48 h and 2 h before); a lead time already past
/// when the appointment is booked gives no reminder. A reminder may go until the appointment starts.</summary>
internal static class Reminders
{
    public static async Task PlanAsync(NoticePlanner planner, IMediator mediator, TimeProvider time, PlannedAppointment appointment, CancellationToken cancellationToken)
    {
        var unit = await mediator.Send(new GetUnit(appointment.UnitId), cancellationToken);
        var policies = unit is null ? null : await mediator.Send(new GetMunicipalityPolicies(unit.Kommunenummer), cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var lead in (policies ?? MunicipalityPolicies.Default).ReminderLeadTimesHours.Distinct())
        {
            var due = appointment.Start.AddHours(-lead);
            if (due <= now)
            {
                continue;
            }

            await planner.PlanAsync(
                new NoticePlan(
                    NoticeKinds.Reminder, $"reminder:{appointment.Id:N}:{appointment.Start:yyyyMMddHHmm}:{lead}", appointment.PersonId, appointment.UnitId,
                    new ItemProtection(appointment.ExemptFromParentalAccess, appointment.YouthService), due, appointment.Start, appointment.Id, appointment.Start),
                cancellationToken);
        }
    }
}

internal sealed class AppointmentBookedHandler(NotificationsDbContext db, TimeProvider time, NoticePlanner planner, IMediator mediator)
    : IntegrationEventHandler<AppointmentBooked, NotificationsDbContext>(db, time)
{
    protected override async Task HandleOnceAsync(AppointmentBooked booked, CancellationToken cancellationToken)
    {
        var appointment = await Db.Appointments.FirstOrDefaultAsync(a => a.Id == booked.AppointmentId, cancellationToken);
        if (appointment is null)
        {
            appointment = new PlannedAppointment { Id = booked.AppointmentId, PersonId = booked.PersonId, UnitId = booked.UnitId };
            Db.Appointments.Add(appointment);
        }

        (appointment.Start, appointment.Status, appointment.ExemptFromParentalAccess, appointment.YouthService, appointment.UpdatedAt) =
            (booked.Start.UtcDateTime, "booked", booked.ExemptFromParentalAccess, booked.YouthService, Time.GetUtcNow().UtcDateTime);
        await Reminders.PlanAsync(planner, mediator, Time, appointment, cancellationToken);
    }
}

/// <summary>A moved appointment: the reminders for the old time are dropped, new ones planned, and the recipients told
/// that it changed. A change that keeps the time (a flag) changes only what the reminders are checked against.</summary>
internal sealed class AppointmentChangedHandler(NotificationsDbContext db, TimeProvider time, NoticePlanner planner, IMediator mediator)
    : IntegrationEventHandler<AppointmentChanged, NotificationsDbContext>(db, time)
{
    protected override async Task HandleOnceAsync(AppointmentChanged changed, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        var appointment = await Db.Appointments.FirstOrDefaultAsync(a => a.Id == changed.AppointmentId, cancellationToken);
        var start = changed.Start.UtcDateTime;
        var moved = appointment is not null && appointment.Start != start;
        if (appointment is null)
        {
            appointment = new PlannedAppointment { Id = changed.AppointmentId, PersonId = changed.PersonId, UnitId = changed.UnitId, Status = "booked" };
            Db.Appointments.Add(appointment);
        }

        (appointment.Start, appointment.ExemptFromParentalAccess, appointment.YouthService, appointment.UpdatedAt) = (start, changed.ExemptFromParentalAccess, changed.YouthService, now);
        if (!moved || appointment.Status != "booked")
        {
            return;
        }

        await planner.DropPlannedAsync(appointment.Id, "appointment-moved", n => n.AppointmentStart != start, cancellationToken);
        await Reminders.PlanAsync(planner, mediator, Time, appointment, cancellationToken);
        if (start > now)
        {
            await planner.PlanAsync(
                new NoticePlan(
                    NoticeKinds.AppointmentChanged, $"changed:{appointment.Id:N}:{start:yyyyMMddHHmm}", appointment.PersonId, appointment.UnitId,
                    new ItemProtection(appointment.ExemptFromParentalAccess, appointment.YouthService), now, start, appointment.Id, start),
                cancellationToken);
        }
    }
}

internal sealed class AppointmentCancelledHandler(NotificationsDbContext db, TimeProvider time, NoticePlanner planner)
    : IntegrationEventHandler<AppointmentCancelled, NotificationsDbContext>(db, time)
{
    protected override async Task HandleOnceAsync(AppointmentCancelled cancelled, CancellationToken cancellationToken)
    {
        var appointment = await Db.Appointments.FirstOrDefaultAsync(a => a.Id == cancelled.AppointmentId, cancellationToken);
        if (appointment is not null)
        {
            appointment.Status = "cancelled";
            appointment.UpdatedAt = Time.GetUtcNow().UtcDateTime;
        }

        await planner.DropPlannedAsync(cancelled.AppointmentId, "appointment-cancelled", _ => true, cancellationToken);
    }
}

/// <summary>A decision on a cancellation. One the journal took at once (no approval asked) is the citizen's own action
/// completed: the one who asked is not told, the other parents are. A refusal, or staff's decision, goes to everyone.</summary>
internal sealed class CancellationDecidedHandler(NotificationsDbContext db, TimeProvider time, NoticePlanner planner)
    : IntegrationEventHandler<CancellationDecided, NotificationsDbContext>(db, time)
{
    protected override Task HandleOnceAsync(CancellationDecided decided, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        return planner.PlanAsync(
            new NoticePlan(
                NoticeKinds.CancellationDecided, $"cancellation:{decided.AppointmentId:N}:{decided.EventId:N}", decided.PersonId, decided.UnitId,
                new ItemProtection(decided.ExemptFromParentalAccess, decided.YouthService), now, now.AddDays(3),
                ActedBy: decided.Accepted && !decided.NeededApproval ? decided.RequestedByPersonId : null),
            cancellationToken);
    }
}
