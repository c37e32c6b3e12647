namespace DigiHelsestasjon.YouthChat.Features.Conversations;

/// <summary>Is a unit's chat open at an instant, and when does it open next. Hours are Norwegian local time.</summary>
internal static class ChatHours
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    public static DateTime Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Oslo).DateTime;

    public static bool IsOpen(IReadOnlyList<OpeningHours> hours, DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Oslo);
        var time = TimeOnly.FromDateTime(local.DateTime);
        return hours.Any(h => h.Day == local.DayOfWeek && time >= h.Opens && (time < h.Closes || h.Closes == TimeOnly.MaxValue));
    }

    /// <summary>The next opening after <paramref name="at"/> within a week; null if the unit never opens.</summary>
    public static DateTimeOffset? NextOpening(IReadOnlyList<OpeningHours> hours, DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Oslo);
        for (var day = 0; day <= 7; day++)
        {
            var date = DateOnly.FromDateTime(local.DateTime).AddDays(day);
            foreach (var opening in hours.Where(h => h.Day == date.DayOfWeek).OrderBy(h => h.Opens))
            {
                var opens = date.ToDateTime(opening.Opens);
                var instant = new DateTimeOffset(opens, Oslo.GetUtcOffset(opens));
                if (instant > at)
                {
                    return instant;
                }
            }
        }

        return null;
    }
}
