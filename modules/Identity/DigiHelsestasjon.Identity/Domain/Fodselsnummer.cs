namespace DigiHelsestasjon.Identity.Domain;

/// <summary>Norwegian national identity numbers: fødselsnummer, D-number (first digit + 4) and
/// synthetic test numbers (month + 80). Eleven digits, two mod-11 control digits.</summary>
public static class Fodselsnummer
{
    private static readonly int[] First = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    private static readonly int[] Second = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

    /// <summary>Why the value is not a valid number, or null if it is.</summary>
    public static string? Problem(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length != 11 || !value.All(char.IsAsciiDigit))
        {
            return "must be 11 digits";
        }

        if (Control(value, First) != value[9] - '0' || Control(value, Second) != value[10] - '0')
        {
            return "has wrong control digits";
        }

        return BirthDate(value) is null ? "does not encode a valid birth date" : null;
    }

    public static bool IsValid(string? value) => Problem(value) is null;

    /// <summary>The birth date the number encodes, or null.</summary>
    public static DateOnly? BirthDate(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var day = int.Parse(value[..2], System.Globalization.CultureInfo.InvariantCulture);
        var month = int.Parse(value[2..4], System.Globalization.CultureInfo.InvariantCulture);
        var year = int.Parse(value[4..6], System.Globalization.CultureInfo.InvariantCulture);
        var individual = int.Parse(value[6..9], System.Globalization.CultureInfo.InvariantCulture);
        if (day > 40)
        {
            day -= 40; // D-number
        }

        if (month > 80)
        {
            month -= 80; // synthetic (Skatteetaten test data)
        }
        else if (month > 40)
        {
            month -= 40; // H-number
        }

        var century = individual switch
        {
            <= 499 => 1900,
            <= 749 when year >= 54 => 1800,
            <= 999 when year <= 39 => 2000,
            >= 900 when year >= 40 => 1900,
            _ => 0,
        };
        if (century == 0 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(century + year, month))
        {
            return null;
        }

        return new DateOnly(century + year, month, day);
    }

    private static int Control(string digits, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += (digits[i] - '0') * weights[i];
        }

        var control = 11 - (sum % 11);
        return control == 11 ? 0 : control;
    }
}
