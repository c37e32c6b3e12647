using DigiHelsestasjon.BuildingBlocks.Contracts;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Calendar.Persistence;
using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.EpjIntegration.Contracts;
using DigiHelsestasjon.Identity.Contracts;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace DigiHelsestasjon.Calendar.Features;

public sealed record CancellationResponse(string State, string? Reason);

public sealed record AppointmentResponse(
    Guid AppointmentId, DateTimeOffset Start, DateTimeOffset End, string Type, Guid UnitId, string UnitName,
    string PractitionerRole, string Location, string Status, CancellationResponse? Cancellation, string Information);

internal sealed record ListAppointments(SubjectAccessDecision Access, Guid SubjectId, DateTimeOffset? From, DateTimeOffset? To) : IQuery<IReadOnlyList<AppointmentResponse>>;

internal sealed record GetAppointment(SubjectAccessDecision Access, Guid SubjectId, Guid AppointmentId) : IQuery<AppointmentResponse>;

/// <summary>The citizen asks to cancel. One request per appointment, however often (or concurrently) it is asked.</summary>
internal sealed record RequestCancellation(SubjectAccessDecision Access, Guid SubjectId, Guid AppointmentId, string Reason) : ICommand<AppointmentResponse>;

internal sealed class RequestCancellationValidator : IValidator<RequestCancellation>
{
    public IEnumerable<ValidationFailure> Validate(RequestCancellation request)
    {
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            yield return new ValidationFailure("reason", "Say briefly why (the health station reads it).");
        }
        else if (request.Reason.Length > 500)
        {
            yield return new ValidationFailure("reason", "At most 500 characters.");
        }
    }
}

internal static class AppointmentAccess
{
    public static ItemProtection Protection(Appointment a) => new(a.ExemptFromParentalAccess, a.YouthService);
}

internal sealed class AppointmentQueries(CalendarDbContext db, AppointmentViews views) :
    IRequestHandler<ListAppointments, IReadOnlyList<AppointmentResponse>>,
    IRequestHandler<GetAppointment, AppointmentResponse>
{
    /// <summary>The hot read: compiled once, no tracking, only the columns the answer needs, served by the
    /// (PersonId, Start) index.</summary>
    private static readonly CompiledQuery<Func<CalendarDbContext, Guid, DateTime, DateTime, IAsyncEnumerable<Appointment>>> ListQuery = new(() =>
        EF.CompileAsyncQuery((CalendarDbContext db, Guid personId, DateTime from, DateTime to) => db.Appointments.AsNoTracking()
            .Where(a => a.PersonId == personId && a.Start >= from && a.Start < to)
            .OrderBy(a => a.Start)
            .Select(a => new Appointment
            {
                Id = a.Id, Start = a.Start, End = a.End, Type = a.Type, UnitId = a.UnitId, PractitionerRole = a.PractitionerRole, Location = a.Location,
                Status = a.Status, CancellationState = a.CancellationState, CancellationDecisionReason = a.CancellationDecisionReason,
                ExemptFromParentalAccess = a.ExemptFromParentalAccess, YouthService = a.YouthService,
            })));

    public async Task<IReadOnlyList<AppointmentResponse>> Handle(ListAppointments request, CancellationToken cancellationToken)
    {
        var visible = new List<Appointment>();
        await foreach (var appointment in ListQuery.For(db)(db, request.SubjectId, request.From?.UtcDateTime ?? DateTime.MinValue, request.To?.UtcDateTime ?? DateTime.MaxValue).WithCancellation(cancellationToken))
        {
            if (request.Access.MaySee(AppointmentAccess.Protection(appointment)))
            {
                visible.Add(appointment);
            }
        }

        return await views.ToResponsesAsync(visible, cancellationToken);
    }

    public async Task<AppointmentResponse> Handle(GetAppointment request, CancellationToken cancellationToken)
    {
        var appointment = await db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == request.AppointmentId && a.PersonId == request.SubjectId, cancellationToken);
        if (appointment is null || !request.Access.MaySee(AppointmentAccess.Protection(appointment)))
        {
            throw new NotFoundException("appointment");
        }

        return (await views.ToResponsesAsync([appointment], cancellationToken))[0];
    }
}

internal sealed class RequestCancellationHandler(CalendarDbContext db, IMediator mediator, AppointmentViews views, TimeProvider time, UnitOfWork unitOfWork) : IRequestHandler<RequestCancellation, AppointmentResponse>
{
    public async Task<AppointmentResponse> Handle(RequestCancellation request, CancellationToken cancellationToken)
    {
        var appointment = await db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == request.AppointmentId && a.PersonId == request.SubjectId, cancellationToken);
        if (appointment is null || !request.Access.MaySee(AppointmentAccess.Protection(appointment)))
        {
            throw new NotFoundException("appointment");
        }

        if (appointment.CancellationState is null)
        {
            var policies = await CheckMayCancelAsync(appointment, cancellationToken);
            await RequestOnceAsync(appointment, request, policies?.CancellationNeedsApproval ?? false, cancellationToken);
        }

        var current = await db.Appointments.AsNoTracking().FirstAsync(a => a.Id == appointment.Id, cancellationToken);
        return (await views.ToResponsesAsync([current], cancellationToken))[0];
    }

    /// <summary>Throws the problem the citizen sees when it is too late; returns the municipality's policies.</summary>
    private async Task<MunicipalityPolicies?> CheckMayCancelAsync(Appointment appointment, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (appointment.Status != "booked" || appointment.Start <= now)
        {
            throw new PlatformProblemException(409, "not-cancellable", "This appointment cannot be cancelled.", $"It is {appointment.Status} and starts {appointment.Start:u}.");
        }

        var unit = await mediator.Send(new GetUnit(appointment.UnitId), cancellationToken);
        var policies = unit is null ? null : await mediator.Send(new GetMunicipalityPolicies(unit.Kommunenummer), cancellationToken);
        var deadline = policies?.CancellationDeadlineHours ?? 0;
        if (deadline > 0 && appointment.Start - now < TimeSpan.FromHours(deadline))
        {
            var problem = new PlatformProblemException(
                422, "cancellation-deadline-passed", $"Timer kan ikke avbestilles digitalt senere enn {deadline} timer før.",
                $"The municipality accepts digital cancellations until {deadline} hours before the appointment. Call the health station.");
            problem.Extensions["deadlineHours"] = deadline;
            throw problem;
        }

        return policies;
    }

    /// <summary>A conditional update claims the cancellation; only the winner writes the request to the outbox, in the
    /// command's transaction, so two concurrent requests make one request to the EPJ.</summary>
    private async Task RequestOnceAsync(Appointment appointment, RequestCancellation request, bool requiresApproval, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var messageId = Guid.NewGuid();
        await unitOfWork.JoinTransactionAsync(cancellationToken);
        var won = await db.Appointments
            .Where(a => a.Id == appointment.Id && a.CancellationState == null)
            .ExecuteUpdateAsync(set => set
                .SetProperty(a => a.CancellationState, "requested")
                .SetProperty(a => a.CancellationReason, request.Reason)
                .SetProperty(a => a.CancellationMessageId, messageId)
                .SetProperty(a => a.CancellationRequestedAt, now)
                .SetProperty(a => a.UpdatedAt, now), cancellationToken);
        if (won == 1)
        {
            db.AddIntegrationEvent(new EpjCancellationRequested(
                messageId, appointment.UnitId, appointment.PersonId, appointment.EpjAppointmentId, request.Reason, request.Access.ActorRelation, requiresApproval));
        }
    }
}

/// <summary>Turns stored appointments into what the citizen sees: the unit's name and the municipality's
/// text about that kind of appointment.</summary>
internal sealed class AppointmentViews(IMediator mediator, AppointmentInformationCatalog information)
{
    public async Task<IReadOnlyList<AppointmentResponse>> ToResponsesAsync(IReadOnlyList<Appointment> appointments, CancellationToken cancellationToken)
    {
        var units = await mediator.Send(new GetUnits(appointments.Select(a => a.UnitId).Distinct().ToList()), cancellationToken);
        var responses = new List<AppointmentResponse>(appointments.Count);
        foreach (var a in appointments)
        {
            var unit = units.GetValueOrDefault(a.UnitId);
            responses.Add(new AppointmentResponse(
                a.Id, new DateTimeOffset(a.Start, TimeSpan.Zero), new DateTimeOffset(a.End, TimeSpan.Zero), a.Type, a.UnitId, unit?.Name ?? "",
                a.PractitionerRole, a.Location, a.Status,
                a.CancellationState is null ? null : new CancellationResponse(a.CancellationState, a.CancellationState == "refused" ? a.CancellationDecisionReason : null),
                await information.ForAsync(unit?.Kommunenummer ?? "", a.Type, cancellationToken)));
        }

        return responses;
    }
}
