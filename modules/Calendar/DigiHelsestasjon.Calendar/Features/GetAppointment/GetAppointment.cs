namespace DigiHelsestasjon.Calendar.Features.GetAppointment;

using DigiHelsestasjon.Calendar.Features.Appointments;

/// <summary>One appointment, if the caller may see it; otherwise 404 (never confirming that it exists).</summary>
internal sealed record GetAppointment(SubjectAccessDecision Access, Guid SubjectId, Guid AppointmentId) : IQuery<AppointmentResponse>;

internal sealed class GetAppointmentHandler(CalendarDbContext db, AppointmentViews views) : IRequestHandler<GetAppointment, AppointmentResponse>
{
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

internal static class GetAppointmentEndpoint
{
    public static void Map(IEndpointRouteBuilder appointments) =>
        appointments.MapGet("/{appointmentId:guid}", async Task<Ok<AppointmentResponse>> (Guid subjectId, Guid appointmentId, HttpContext http, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetAppointment(http.SubjectAccess<SubjectAccessDecision>(), subjectId, appointmentId), ct)))
            .RequireSubjectAccess(Permissions.AppointmentsRead, "appointments.read", "Vise en time");
}
