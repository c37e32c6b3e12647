using DigiHelsestasjon.Messaging.Persistence.Entities;

namespace DigiHelsestasjon.Messaging.Features.GetMessagingFigures;

/// <summary>Messages to and from one unit in one ISO week (for example 2026-W47).</summary>
public sealed record UnitWeekFigures(Guid UnitId, string UnitName, string Week, int FromCitizens, int FromUnit);

/// <summary>The municipality's message figures: counts, a median and a share, never a person, a text or a topic.</summary>
/// <param name="AnsweredThreads">Threads citizens started that the unit has answered.</param>
/// <param name="MedianHoursToFirstAnswer">From a citizen's new thread to the unit's first answer, over answered threads.</param>
/// <param name="ShareFailed">Of the citizens' messages, the share that could not be journaled.</param>
public sealed record MessagingFigures(int FromCitizens, int FromUnits, int Failed, double ShareFailed, int AnsweredThreads, double? MedianHoursToFirstAnswer, IReadOnlyList<UnitWeekFigures> PerUnitAndWeek);

internal sealed record GetMessagingFigures(string Kommunenummer) : IQuery<MessagingFigures>;

internal sealed class GetMessagingFiguresHandler(MessagingDbContext db, IMediator mediator) : IRequestHandler<GetMessagingFigures, MessagingFigures>
{
    public async Task<MessagingFigures> Handle(GetMessagingFigures request, CancellationToken cancellationToken)
    {
        var units = (await mediator.Send(new GetMunicipalityUnits(request.Kommunenummer), cancellationToken)).ToDictionary(u => u.UnitId);
        var ids = units.Keys.ToList();
        var messages = await db.Messages.AsNoTracking().Where(m => ids.Contains(m.UnitId))
            .Select(m => new { m.UnitId, m.Direction, m.SentAt, m.DeliveryState }).ToListAsync(cancellationToken);
        var answered = await db.Threads.AsNoTracking().Where(t => ids.Contains(t.UnitId) && t.FirstAnswerAt != null)
            .Select(t => new { t.CreatedAt, t.FirstAnswerAt }).ToListAsync(cancellationToken);
        var fromCitizens = messages.Count(m => m.Direction == Message.ToUnit);
        var failed = messages.Count(m => m.Direction == Message.ToUnit && m.DeliveryState == DeliveryStates.Failed);
        var hours = answered.Select(t => (t.FirstAnswerAt!.Value - t.CreatedAt).TotalHours).Order().ToList();
        var perWeek = messages
            .GroupBy(m => (m.UnitId, Week: $"{ISOWeek.GetYear(m.SentAt)}-W{ISOWeek.GetWeekOfYear(m.SentAt):00}"))
            .OrderBy(g => g.Key.Week, StringComparer.Ordinal).ThenBy(g => units[g.Key.UnitId].Name, StringComparer.Ordinal)
            .Select(g => new UnitWeekFigures(g.Key.UnitId, units[g.Key.UnitId].Name, g.Key.Week, g.Count(m => m.Direction == Message.ToUnit), g.Count(m => m.Direction == Message.FromUnit)))
            .ToList();
        return new MessagingFigures(
            fromCitizens, messages.Count - fromCitizens, failed, fromCitizens == 0 ? 0 : Math.Round((double)failed / fromCitizens, 4), hours.Count,
            hours.Count == 0 ? null : Math.Round(hours.Count % 2 == 1 ? hours[hours.Count / 2] : (hours[hours.Count / 2 - 1] + hours[hours.Count / 2]) / 2, 2),
            perWeek);
    }
}

/// <summary>The "messages" section of the admin's figures.</summary>
internal sealed class MessageFigures(IMediator mediator) : BuildingBlocks.Figures.IMunicipalityFigures
{
    public string Section => "messages";

    public async Task<object> ForAsync(string kommunenummer, CancellationToken cancellationToken) =>
        await mediator.Send(new GetMessagingFigures(kommunenummer), cancellationToken);
}
