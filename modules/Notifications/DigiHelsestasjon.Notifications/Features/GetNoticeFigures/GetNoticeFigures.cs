namespace DigiHelsestasjon.Notifications.Features.GetNoticeFigures;

using DigiHelsestasjon.Notifications.Features.Templates;

/// <summary>Notices of one day (Oslo) on one channel, by how they ended so far.</summary>
public sealed record NoticeDayFigures(string Day, string Channel, int Planned, int Sent, int Delivered, int Failed, int Dropped);

internal sealed record GetNoticeFigures(string Kommunenummer) : IQuery<IReadOnlyList<NoticeDayFigures>>;

internal sealed class GetNoticeFiguresHandler(NotificationsDbContext db, IMediator mediator) : IRequestHandler<GetNoticeFigures, IReadOnlyList<NoticeDayFigures>>
{
    public async Task<IReadOnlyList<NoticeDayFigures>> Handle(GetNoticeFigures request, CancellationToken cancellationToken)
    {
        var units = (await mediator.Send(new GetMunicipalityUnits(request.Kommunenummer), cancellationToken)).Select(u => u.UnitId).ToList();
        var rows = await db.Notices.AsNoTracking().Where(n => units.Contains(n.UnitId))
            .Select(n => new { n.DueAt, n.Channel, n.State }).ToListAsync(cancellationToken);
        return rows
            .GroupBy(r => (Day: DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(r.DueAt, DateTimeKind.Utc), NoticeTemplates.Oslo)), Channel: r.Channel.Length == 0 ? "undecided" : r.Channel))
            .OrderBy(g => g.Key.Day).ThenBy(g => g.Key.Channel, StringComparer.Ordinal)
            .Select(g => new NoticeDayFigures(
                g.Key.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), g.Key.Channel,
                g.Count(r => r.State == NoticeStates.Planned), g.Count(r => r.State == NoticeStates.Sent), g.Count(r => r.State == NoticeStates.Delivered),
                g.Count(r => r.State is NoticeStates.Failed or NoticeStates.DeadLettered), g.Count(r => r.State == NoticeStates.Dropped)))
            .ToList();
    }
}

/// <summary>The "notices" section of the admin's figures.</summary>
internal sealed class NoticeFigures(IMediator mediator) : BuildingBlocks.Figures.IMunicipalityFigures
{
    public string Section => "notices";

    public async Task<object> ForAsync(string kommunenummer, CancellationToken cancellationToken) =>
        await mediator.Send(new GetNoticeFigures(kommunenummer), cancellationToken);
}
