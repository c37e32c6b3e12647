namespace DigiHelsestasjon.Simulators.Folkeregisteret;

/// <summary>Makes synthetic fødselsnummer as Skatteetaten's test data does: month + 80, valid
/// mod-11 control digits. They can never collide with a real person's number.</summary>
public static class SyntheticFodselsnummer
{
    private static readonly int[] First = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    private static readonly int[] Second = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

    public static string Create(DateOnly birthDate, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        while (true)
        {
            var individual = birthDate.Year >= 2000 ? random.Next(500, 1000) : random.Next(0, 500);
            var digits = $"{birthDate.Day:00}{birthDate.Month + 80:00}{birthDate.Year % 100:00}{individual:000}";
            var k1 = Control(digits, First);
            if (k1 == 10)
            {
                continue;
            }

            var k2 = Control(digits + k1, Second);
            if (k2 == 10)
            {
                continue;
            }

            return $"{digits}{k1}{k2}";
        }
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
