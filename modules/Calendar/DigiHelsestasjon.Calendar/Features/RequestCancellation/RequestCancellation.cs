using DigiHelsestasjon.Calendar.Persistence.Entities;

namespace DigiHelsestasjon.Calendar.Features.RequestCancellation;

using DigiHelsestasjon.Calendar.Features.Appointments;

public sealed record CancellationBody(string? Reason);

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
                messageId, appointment.UnitId, appointment.PersonId, appointment.EpjAppointmentId, request.Reason, request.Access.ActorRelation, requiresApproval,
                request.Access.ActorPersonId, new DateTimeOffset(appointment.Start, TimeSpan.Zero), new DateTimeOffset(appointment.End, TimeSpan.Zero)));
        }
    }
}


internal static class RequestCancellationEndpoint
{
    public static void Map(IEndpointRouteBuilder appointments) =>
        appointments.MapPost("/{appointmentId:guid}/cancellation", async Task<Accepted<AppointmentResponse>> (Guid subjectId, Guid appointmentId, CancellationBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var appointment = await mediator.Send(new RequestCancellation(http.SubjectAccess<SubjectAccessDecision>(), subjectId, appointmentId, body?.Reason ?? ""), ct);
                return TypedResults.Accepted($"/api/v1/subjects/{subjectId}/appointments/{appointmentId}", appointment);
            })
            .RequireSubjectAccess(Permissions.AppointmentsCancel, "appointments.cancel", "Avbestille en time")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
