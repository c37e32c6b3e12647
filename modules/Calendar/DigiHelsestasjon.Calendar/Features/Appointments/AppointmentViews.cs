using DigiHelsestasjon.Calendar.Persistence.Entities;

namespace DigiHelsestasjon.Calendar.Features.Appointments;

using DigiHelsestasjon.Calendar.Features.AppointmentInformation;

public sealed record CancellationResponse(string State, string? Reason);

/// <param name="CancelDeadline">The last moment a digital cancellation is taken (the municipality's deadline before the
/// start); null when the municipality has none.</param>
public sealed record AppointmentResponse(
    Guid AppointmentId, DateTimeOffset Start, DateTimeOffset End, string Type, Guid UnitId, string UnitName,
    string PractitionerRole, string Location, string Status, CancellationResponse? Cancellation, string Information,
    DateTimeOffset? CancelDeadline = null);

internal static class AppointmentAccess
{
    public static ItemProtection Protection(Appointment a) => new(a.ExemptFromParentalAccess, a.YouthService);
}

/// <summary>Turns stored appointments into what the citizen sees: the unit's name and the municipality's
/// text about that kind of appointment, in the citizen's written form. A home visit shows no location: it is the
/// family's home, and the journal's text may hold their address.</summary>
internal sealed class AppointmentViews(IMediator mediator, AppointmentInformationCatalog information, IHttpContextAccessor http)
{
    public async Task<IReadOnlyList<AppointmentResponse>> ToResponsesAsync(IReadOnlyList<Appointment> appointments, CancellationToken cancellationToken)
    {
        // One send for the units and their municipalities' deadlines, however many municipalities the list spans.
        var (units, policies) = await mediator.Send(new GetUnitsAndPolicies(appointments.Select(a => a.UnitId).Distinct().ToList()), cancellationToken);
        var responses = new List<AppointmentResponse>(appointments.Count);
        var form = CitizenLanguage.Of(http.HttpContext);
        foreach (var a in appointments)
        {
            var unit = units.GetValueOrDefault(a.UnitId);
            var deadlineHours = unit is null ? 0 : policies.GetValueOrDefault(unit.Kommunenummer)?.CancellationDeadlineHours ?? 0;
            responses.Add(new AppointmentResponse(
                a.Id, new DateTimeOffset(a.Start, TimeSpan.Zero), new DateTimeOffset(a.End, TimeSpan.Zero), a.Type, a.UnitId, unit?.Name ?? "",
                a.PractitionerRole, NationalProgramme.IsHomeVisit(a.Type) ? "" : a.Location, a.Status,
                a.CancellationState is null ? null : new CancellationResponse(a.CancellationState, a.CancellationState == "refused" ? a.CancellationDecisionReason : null),
                await information.ForAsync(unit?.Kommunenummer ?? "", a.Type, form, cancellationToken),
                deadlineHours > 0 ? new DateTimeOffset(a.Start.AddHours(-deadlineHours), TimeSpan.Zero) : null));
        }

        return responses;
    }
}
