using DigiHelsestasjon.Calendar.Persistence.Entities;

namespace DigiHelsestasjon.Calendar.Features.ListAppointments;

using DigiHelsestasjon.Calendar.Features.Appointments;

/// <summary>The subject's appointments the caller may see, oldest first.</summary>
internal sealed record ListAppointments(SubjectAccessDecision Access, Guid SubjectId, DateTimeOffset? From, DateTimeOffset? To) : IQuery<IReadOnlyList<AppointmentResponse>>;

internal sealed class ListAppointmentsHandler(CalendarDbContext db, AppointmentViews views) : IRequestHandler<ListAppointments, IReadOnlyList<AppointmentResponse>>
{
    /// <summary>The hot read: compiled once, no tracking, only the columns the answer needs, served by the
    /// (PersonId, Start) index.</summary>
    private static readonly CompiledQuery<Func<CalendarDbContext, Guid, DateTime, DateTime, IAsyncEnumerable<Appointment>>> ListQuery = new(() =>
        EF.CompileAsyncQuery((CalendarDbContext db, Guid personId, DateTime from, DateTime to) => db.Appointments.AsNoTracking()
            .Where(a => a.PersonId == personId && a.Start >= from && a.Start < to)
            .OrderBy(a => a.Start)
            .Select(a => new Appointment
            {
                Id = a.Id, Start = a.Start, End = a.End, Type = a.Type, UnitId = a.UnitId, PractitionerRole = a.PractitionerRole, Location = a.Location, IsVideo = a.IsVideo,
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
}

internal static class ListAppointmentsEndpoint
{
    public static void Map(IEndpointRouteBuilder appointments) =>
        appointments.MapGet("", async Task<Ok<IReadOnlyList<AppointmentResponse>>> (Guid subjectId, DateTimeOffset? from, DateTimeOffset? to, HttpContext http, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListAppointments(http.SubjectAccess<SubjectAccessDecision>(), subjectId, from, to), ct)))
            .RequireSubjectAccess(Permissions.AppointmentsRead, "appointments.list", "Vise timer");
}
