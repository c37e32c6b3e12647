using DigiHelsestasjon.Calendar.Persistence.Entities;

namespace DigiHelsestasjon.Calendar.Features.Appointments;

using DigiHelsestasjon.Calendar.Features.AppointmentInformation;
using DigiHelsestasjon.Calendar.Features.SelfBooking;

public sealed record CancellationResponse(string State, string? Reason);

/// <param name="CancelDeadline">The last moment a digital cancellation is taken (the municipality's deadline before the
/// start); null when the municipality has none.</param>
/// <param name="MovedTo">When this appointment was moved to another time by a confirmed booking: the new time's start, so
/// the old card can say "moved to" instead of only "cancelled". Null otherwise.</param>
/// <param name="IsVideo">A video appointment (the journal said so): the person joins by video, there is no place to go.</param>
public sealed record AppointmentResponse(
    Guid AppointmentId, DateTimeOffset Start, DateTimeOffset End, string Type, Guid UnitId, string UnitName,
    string PractitionerRole, string Location, string Status, CancellationResponse? Cancellation, string Information,
    DateTimeOffset? CancelDeadline = null, DateTimeOffset? MovedTo = null, bool IsVideo = false);

internal static class AppointmentAccess
{
    public static ItemProtection Protection(Appointment a) => new(a.ExemptFromParentalAccess, a.YouthService);
}

/// <summary>Turns stored appointments into what the citizen sees: the unit's name and the municipality's
/// text about that kind of appointment, in the citizen's written form. A home visit shows no location: it is the
/// family's home, and the journal's text may hold their address.</summary>
internal sealed class AppointmentViews(CalendarDbContext db, IMediator mediator, AppointmentInformationCatalog information, IHttpContextAccessor http)
{
    public async Task<IReadOnlyList<AppointmentResponse>> ToResponsesAsync(IReadOnlyList<Appointment> appointments, CancellationToken cancellationToken)
    {
        // One send for the units and their municipalities' deadlines, however many municipalities the list spans.
        var (units, policies) = await mediator.Send(new GetUnitsAndPolicies(appointments.Select(a => a.UnitId).Distinct().ToList()), cancellationToken);
        var responses = new List<AppointmentResponse>(appointments.Count);
        var form = CitizenLanguage.Of(http.HttpContext);
        var movedTo = await MovedToAsync(appointments, cancellationToken);
        foreach (var a in appointments)
        {
            var unit = units.GetValueOrDefault(a.UnitId);
            var deadlineHours = unit is null ? 0 : policies.GetValueOrDefault(unit.Kommunenummer)?.CancellationDeadlineHours ?? 0;
            responses.Add(new AppointmentResponse(
                a.Id, new DateTimeOffset(a.Start, TimeSpan.Zero), new DateTimeOffset(a.End, TimeSpan.Zero), a.Type, a.UnitId, unit?.Name ?? "",
                a.PractitionerRole, NationalProgramme.IsHomeVisit(a.Type) ? "" : a.Location, a.Status,
                a.CancellationState is null ? null : new CancellationResponse(a.CancellationState, a.CancellationState == "refused" ? a.CancellationDecisionReason : null),
                await information.ForAsync(unit?.Kommunenummer ?? "", a.Type, form, cancellationToken),
                deadlineHours > 0 ? new DateTimeOffset(a.Start.AddHours(-deadlineHours), TimeSpan.Zero) : null,
                movedTo.TryGetValue(a.Id, out var newStart) ? new DateTimeOffset(newStart, TimeSpan.Zero) : null,
                a.IsVideo));
        }

        return responses;
    }

    /// <summary>The new start of each appointment a confirmed booking moved. A move cancels the old appointment, so only
    /// those with a cancellation are looked up: the list's usual read asks nothing more.</summary>
    private async Task<Dictionary<Guid, DateTime>> MovedToAsync(IReadOnlyList<Appointment> appointments, CancellationToken cancellationToken)
    {
        var cancelled = appointments.Where(a => a.CancellationState is not null).Select(a => (Guid?)a.Id).ToList();
        if (cancelled.Count == 0)
        {
            return [];
        }

        var moves = await db.Bookings.AsNoTracking()
            .Where(b => cancelled.Contains(b.ReplacesAppointmentId) && b.State == BookingStates.Confirmed)
            .Select(b => new { Old = b.ReplacesAppointmentId!.Value, b.Start })
            .ToListAsync(cancellationToken);
        return moves.GroupBy(m => m.Old).ToDictionary(g => g.Key, g => g.Max(m => m.Start));
    }
}
