namespace DigiHelsestasjon.Identity.Domain;

/// <summary>Age on a day in Europe/Oslo, where the representation rules are decided.</summary>
public static class Age
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    public static DateOnly TodayInOslo(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Oslo).DateTime);
    }

    /// <summary>Completed years on <paramref name="today"/>. Someone born on 29 February has
    /// their birthday on 1 March in other years.</summary>
    public static int On(DateOnly birthDate, DateOnly today)
    {
        var years = today.Year - birthDate.Year;
        var birthdayThisYear = birthDate is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(today.Year)
            ? new DateOnly(today.Year, 3, 1)
            : new DateOnly(today.Year, birthDate.Month, birthDate.Day);
        return today < birthdayThisYear ? years - 1 : years;
    }
}
