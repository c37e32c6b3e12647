namespace DigiHelsestasjon.Simulators.Epj;

/// <summary>A unit's opening hours (Oslo time): the weekdays it is open and from when to when, closed on the days
/// <see cref="NorwegianHolidays.IsClosedDay"/> names. <see cref="Text"/> is what the Directory shows.</summary>
public sealed record WeeklyHours(IReadOnlyList<DayOfWeek> Days, TimeOnly Opens, TimeOnly Closes)
{
    private static readonly string[] Short = ["søn", "man", "tir", "ons", "tor", "fre", "lør"];

    public static WeeklyHours Weekdays(TimeOnly opens, TimeOnly closes) =>
        new([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], opens, closes);

    /// <summary>"Man-fre 08:00-15:30", "Tir og tor 14:00-19:00", "Man, ons og fre 08:30-14:00".</summary>
    public string Text
    {
        get
        {
            var names = Days.Select(d => Short[(int)d]).ToList();
            var days = Days.Count == 5 && !Days.Contains(DayOfWeek.Saturday) && !Days.Contains(DayOfWeek.Sunday) ? "man-fre"
                : names.Count == 1 ? names[0]
                : string.Join(", ", names[..^1]) + " og " + names[^1];
            return $"{char.ToUpperInvariant(days[0])}{days[1..]} {Opens:HH\\:mm}-{Closes:HH\\:mm}";
        }
    }

    public bool IsOpenOn(DateOnly day) => Days.Contains(day.DayOfWeek) && !NorwegianHolidays.IsClosedDay(day);

    /// <summary>True when an appointment from <paramref name="start"/> to <paramref name="end"/> (local time) lies within the hours of an open day.</summary>
    public bool Covers(DateTime start, DateTime end) =>
        IsOpenOn(DateOnly.FromDateTime(start)) && DateOnly.FromDateTime(start) == DateOnly.FromDateTime(end)
        && TimeOnly.FromDateTime(start) >= Opens && TimeOnly.FromDateTime(end) <= Closes;

    /// <summary>The first day on or after <paramref name="day"/> that the unit is open.</summary>
    public DateOnly OpenOnOrAfter(DateOnly day)
    {
        while (!IsOpenOn(day))
        {
            day = day.AddDays(1);
        }

        return day;
    }
}
