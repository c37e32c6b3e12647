namespace DigiHelsestasjon.Simulators.Epj;

/// <summary>Norway's public holidays (helligdagsloven and 1 and 17 May), computed for any year: the fixed dates and the
/// ones that move with Easter. Christmas Eve and New Year's Eve are not public holidays, but a health station is closed.</summary>
public static class NorwegianHolidays
{
    /// <summary>The holiday's Norwegian name, or null on an ordinary day.</summary>
    public static string? NameOf(DateOnly day)
    {
        var easter = EasterSunday(day.Year);
        var fromEaster = day.DayNumber - easter.DayNumber;
        return (day.Month, day.Day, fromEaster) switch
        {
            (1, 1, _) => "Første nyttårsdag",
            (5, 1, _) => "Arbeidernes dag",
            (5, 17, _) => "Grunnlovsdag",
            (12, 25, _) => "Første juledag",
            (12, 26, _) => "Andre juledag",
            (_, _, -3) => "Skjærtorsdag",
            (_, _, -2) => "Langfredag",
            (_, _, 0) => "Første påskedag",
            (_, _, 1) => "Andre påskedag",
            (_, _, 39) => "Kristi himmelfartsdag",
            (_, _, 49) => "Første pinsedag",
            (_, _, 50) => "Andre pinsedag",
            _ => null,
        };
    }

    public static bool IsPublicHoliday(DateOnly day) => NameOf(day) is not null;

    /// <summary>A day a health station keeps closed: a weekend, a public holiday, Christmas Eve or New Year's Eve.</summary>
    public static bool IsClosedDay(DateOnly day) =>
        day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || IsPublicHoliday(day) || (day.Month, day.Day) is (12, 24) or (12, 31);

    /// <summary>Easter Sunday in the Gregorian calendar (the anonymous algorithm, Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }
}
