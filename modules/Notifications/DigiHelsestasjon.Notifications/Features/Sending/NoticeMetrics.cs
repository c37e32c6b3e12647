using System.Diagnostics.Metrics;
using DigiHelsestasjon.Notifications.Persistence.Entities;

namespace DigiHelsestasjon.Notifications.Features.Sending;

/// <summary>Meter <c>DigiHelsestasjon.Notifications</c>: every send attempt, by channel and outcome (the notice's state
/// after it; <c>planned</c> means it will be tried again).</summary>
internal static class NoticeMetrics
{
    private static readonly Meter Meter = new("DigiHelsestasjon.Notifications");

    private static readonly Counter<long> Notices = Meter.CreateCounter<long>(
        "notices.attempts", description: "Notice send attempts, by channel and outcome.");

    public static void Attempted(Notice notice) => Notices.Add(
        1,
        new KeyValuePair<string, object?>("channel", string.IsNullOrEmpty(notice.Channel) ? "none" : notice.Channel),
        new KeyValuePair<string, object?>("outcome", notice.State));
}
