namespace DigiHelsestasjon.Calendar.Features.GetBenefitFigures;

/// <summary>Benefit figures for a municipality: counts and durations only, no person data.</summary>
public sealed record BenefitFigures(
    int Appointments, int DigitalCancellations, double ShareCancelledDigitally,
    double? MedianHoursFromCancellationToStart, int NoShows, int Attended, IReadOnlyList<AppointmentWeekFigures> PerWeek);

/// <summary>The same counts for the appointments of one ISO week ("2026-W47"), by their start.</summary>
public sealed record AppointmentWeekFigures(string Week, int Appointments, int DigitalCancellations, int NoShows, int Attended);

internal sealed record GetBenefitFigures(string Kommunenummer) : IQuery<BenefitFigures>;

internal sealed class GetBenefitFiguresHandler(CalendarDbContext db, IMediator mediator) : IRequestHandler<GetBenefitFigures, BenefitFigures>
{
    public async Task<BenefitFigures> Handle(GetBenefitFigures request, CancellationToken cancellationToken)
    {
        var units = (await mediator.Send(new GetMunicipalityUnits(request.Kommunenummer), cancellationToken)).Select(u => u.UnitId).ToList();
        var rows = await db.Appointments.AsNoTracking()
            .Where(a => units.Contains(a.UnitId))
            .Select(a => new { a.Status, a.CancellationState, a.CancellationRequestedAt, a.Start })
            .ToListAsync(cancellationToken);
        var digital = rows.Where(r => r.CancellationState == "accepted").ToList();
        var hours = digital.Where(r => r.CancellationRequestedAt is not null).Select(r => (r.Start - r.CancellationRequestedAt!.Value).TotalHours).Order().ToList();
        return new BenefitFigures(
            rows.Count,
            digital.Count,
            rows.Count == 0 ? 0 : Math.Round((double)digital.Count / rows.Count, 4),
            hours.Count == 0 ? null : Math.Round(hours.Count % 2 == 1 ? hours[hours.Count / 2] : (hours[hours.Count / 2 - 1] + hours[hours.Count / 2]) / 2, 1),
            rows.Count(r => r.Status == "noShow"),
            rows.Count(r => r.Status == "attended"),
            rows.GroupBy(r => $"{System.Globalization.ISOWeek.GetYear(r.Start)}-W{System.Globalization.ISOWeek.GetWeekOfYear(r.Start):00}")
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new AppointmentWeekFigures(g.Key, g.Count(), g.Count(r => r.CancellationState == "accepted"), g.Count(r => r.Status == "noShow"), g.Count(r => r.Status == "attended")))
                .ToList());
    }
}

/// <summary>The "appointments" section of the admin's figures (<c>GET /api/v1/admin/municipalities/{kommunenummer}/figures</c>).</summary>
internal sealed class AppointmentFigures(IMediator mediator) : BuildingBlocks.Figures.IMunicipalityFigures
{
    public string Section => "appointments";

    public async Task<object> ForAsync(string kommunenummer, CancellationToken cancellationToken) =>
        await mediator.Send(new GetBenefitFigures(kommunenummer), cancellationToken);
}
