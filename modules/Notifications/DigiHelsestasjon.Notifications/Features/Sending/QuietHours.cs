namespace DigiHelsestasjon.Notifications.Features.Sending;

using DigiHelsestasjon.Notifications.Features.Templates;

/// <summary><c>Notifications:*</c>.</summary>
public sealed class NotificationsOptions
{
    /// <summary>No SMS from this time (Europe/Oslo)...</summary>
    public TimeOnly SmsQuietFrom { get; set; } = new(21, 0);

    /// <summary>...until this time: an SMS due then is postponed to it, not dropped.</summary>
    public TimeOnly SmsQuietUntil { get; set; } = new(8, 0);

    /// <summary>The channel for a person who has chosen none.</summary>
    public string DefaultChannel { get; set; } = "sms";
}

internal static class QuietHours
{
    /// <summary>When an SMS due at <paramref name="utc"/> may go: then, or the end of the quiet hours (Oslo time).</summary>
    public static DateTime NextAllowed(DateTime utc, NotificationsOptions options)
    {
        var oslo = NoticeTemplates.Oslo;
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), oslo);
        var time = TimeOnly.FromDateTime(local);
        var (from, until) = (options.SmsQuietFrom, options.SmsQuietUntil);
        var quiet = from > until ? time >= from || time < until : time >= from && time < until;
        if (!quiet)
        {
            return utc;
        }

        var day = DateOnly.FromDateTime(local);
        var end = time < until ? day.ToDateTime(until) : day.AddDays(1).ToDateTime(until);
        return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(end, DateTimeKind.Unspecified), oslo);
    }
}
