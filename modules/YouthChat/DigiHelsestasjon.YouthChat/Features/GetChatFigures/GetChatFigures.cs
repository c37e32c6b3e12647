using DigiHelsestasjon.YouthChat.Persistence.Entities;

namespace DigiHelsestasjon.YouthChat.Features.GetChatFigures;

using DigiHelsestasjon.YouthChat.Features.Conversations;
using DigiHelsestasjon.YouthChat.Features.HandOver;

/// <param name="MedianWaitSeconds">From opening a conversation until a nurse took it, over answered ones.</param>
public sealed record UnitChatFigures(Guid UnitId, string UnitName, int Conversations, int Answered, int Unanswered, int HandedOver, double? MedianWaitSeconds);

/// <summary>The municipality's chat figures, from counts kept without content: never a text, a token or a time finer than the day.</summary>
public sealed record YouthChatFigures(int Conversations, int Answered, int Unanswered, int HandedOver, double? MedianWaitSeconds, IReadOnlyList<UnitChatFigures> PerUnit)
{
    /// <summary>Conversations per ISO week ("2026-W47"): counts only, as every figure here.</summary>
    public IReadOnlyList<ChatWeekFigures> PerWeek { get; init; } = [];

    /// <summary>Each chat unit now: how many wait, and how many new chats were refused in the last hour (a flood shows here).</summary>
    public IReadOnlyList<UnitChatLoad> Now { get; init; } = [];
}

/// <param name="RefusedLastHour">New chats refused at the unit (rate limits and a full queue) in the last hour, counted in this
/// instance's memory: with several instances, each counts its own.</param>
/// <param name="QueueClearedToday">Waiting chats a nurse ended by clearing the queue, today (UTC).</param>
public sealed record UnitChatLoad(Guid UnitId, string UnitName, int WaitingNow, int RefusedLastHour, int QueueClearedToday);

public sealed record ChatWeekFigures(string Week, int Conversations, int Answered, int Unanswered);

internal sealed record GetYouthChatFigures(string Kommunenummer) : IQuery<YouthChatFigures>;

internal sealed class GetYouthChatFiguresHandler(YouthChatDbContext db, IMediator mediator, ChatRateLimits limits, TimeProvider time) : IRequestHandler<GetYouthChatFigures, YouthChatFigures>
{
    public async Task<YouthChatFigures> Handle(GetYouthChatFigures request, CancellationToken cancellationToken)
    {
        var units = (await mediator.Send(new GetMunicipalityUnits(request.Kommunenummer), cancellationToken)).ToDictionary(u => u.UnitId);
        var counts = await db.Counts.AsNoTracking().Where(c => c.Kommunenummer == request.Kommunenummer).ToListAsync(cancellationToken);
        var perUnit = counts.GroupBy(c => c.UnitId)
            .Select(g => Figures(g.ToList(), (all, answered, unanswered, handedOver, median) =>
                new UnitChatFigures(g.Key, units.TryGetValue(g.Key, out var unit) ? unit.Name : "", all, answered, unanswered, handedOver, median)))
            .OrderBy(u => u.UnitName, StringComparer.Ordinal).ToList();
        var perWeek = counts.GroupBy(c => $"{System.Globalization.ISOWeek.GetYear(c.Day)}-W{System.Globalization.ISOWeek.GetWeekOfYear(c.Day):00}")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ChatWeekFigures(g.Key, g.Count(), g.Count(c => c.WaitSeconds is not null), g.Count(c => c.WaitSeconds is null)))
            .ToList();
        var today = time.GetUtcNow().UtcDateTime.Date;
        var waiting = await db.Conversations.AsNoTracking().Where(c => c.Kommunenummer == request.Kommunenummer && c.State == ConversationStates.Queued)
            .GroupBy(c => c.UnitId).Select(g => new { UnitId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.UnitId, g => g.Count, cancellationToken);
        var chatUnits = await mediator.Send(new GetMunicipalityChatSettings(request.Kommunenummer), cancellationToken);
        var load = chatUnits.Where(u => u.Enabled)
            .Select(u => new UnitChatLoad(u.UnitId, u.Name, waiting.GetValueOrDefault(u.UnitId), limits.RefusedLastHour(u.UnitId),
                counts.Count(c => c.UnitId == u.UnitId && c.EndReason == EndReasons.QueueCleared && c.Day == today)))
            .ToList();
        return Figures(counts, (all, answered, unanswered, handedOver, median) => new YouthChatFigures(all, answered, unanswered, handedOver, median, perUnit) { PerWeek = perWeek, Now = load });
    }

    private static T Figures<T>(IReadOnlyList<ConversationCount> counts, Func<int, int, int, int, double?, T> make)
    {
        var waits = counts.Where(c => c.WaitSeconds is not null).Select(c => (double)c.WaitSeconds!.Value).Order().ToList();
        double? median = waits.Count == 0 ? null : waits.Count % 2 == 1 ? waits[waits.Count / 2] : (waits[waits.Count / 2 - 1] + waits[waits.Count / 2]) / 2;
        return make(counts.Count, waits.Count, counts.Count - waits.Count, counts.Count(c => c.HandedOver), median);
    }
}

/// <summary>The "youthChat" section of the admin's figures.</summary>
internal sealed class ChatFigures(IMediator mediator) : BuildingBlocks.Figures.IMunicipalityFigures
{
    public string Section => "youthChat";

    public async Task<object> ForAsync(string kommunenummer, CancellationToken cancellationToken) =>
        await mediator.Send(new GetYouthChatFigures(kommunenummer), cancellationToken);
}
