namespace DigiHelsestasjon.Notifications.Features.Templates;

/// <summary>A rendered notice: the SMS text, or the e-mail's subject and body.</summary>
public sealed record RenderedNotice(string Text, string Subject, string Body);

/// <summary>The notices in bokmål and nynorsk, naming this service (<see cref="ServiceName"/>: where the person logs in to
/// see it; not helsenorge.no, which does not show it). They say only that there is something to see, and where: never the
/// appointment type, a message's text, the unit's name or address, or a person's name (DOMAIN: content rule).
/// Placeholders are <c>{name}</c>; the only value the platform gives them is <c>{time}</c> (a reminder's date and
/// time in Oslo). The template test fills every other fact a notice could know and fails if one shows.</summary>
public static class NoticeTemplates
{
    public static readonly IReadOnlyList<string> Languages = ["nb", "nn"];

    /// <summary>The service's name as the citizen knows it (the web client's title).</summary>
    public const string ServiceName = "DigiHelsestasjon";

    private static readonly Dictionary<(string Kind, string Language), string> Texts = new()
    {
        [(NoticeKinds.Reminder, "nb")] = "Påminnelse: Det er en avtale {time}. Logg inn på DigiHelsestasjon for å se den.",
        [(NoticeKinds.Reminder, "nn")] = "Påminning: Det er ein avtale {time}. Logg inn på DigiHelsestasjon for å sjå han.",
        [(NoticeKinds.AppointmentChanged, "nb")] = "En avtale er endret. Logg inn på DigiHelsestasjon for å se den nye tiden.",
        [(NoticeKinds.AppointmentChanged, "nn")] = "Ein avtale er endra. Logg inn på DigiHelsestasjon for å sjå den nye tida.",
        [(NoticeKinds.CancellationDecided, "nb")] = "Det er svar på en avbestilling. Logg inn på DigiHelsestasjon for å se det.",
        [(NoticeKinds.CancellationDecided, "nn")] = "Det er svar på ei avbestilling. Logg inn på DigiHelsestasjon for å sjå det.",
        [(NoticeKinds.NewMessage, "nb")] = "Du har en ny melding fra helsestasjonen. Logg inn på DigiHelsestasjon for å lese den.",
        [(NoticeKinds.NewMessage, "nn")] = "Du har ei ny melding frå helsestasjonen. Logg inn på DigiHelsestasjon for å lese henne.",
        [(NoticeKinds.MessageFailed, "nb")] = "En melding du sendte kom ikke fram. Logg inn på DigiHelsestasjon for å se hva du kan gjøre.",
        [(NoticeKinds.MessageFailed, "nn")] = "Ei melding du sende kom ikkje fram. Logg inn på DigiHelsestasjon for å sjå kva du kan gjere.",
        [(NoticeKinds.TestResultReady, "nb")] = "Et nytt prøvesvar er klart. Logg inn på DigiHelsestasjon for å se det.",
        [(NoticeKinds.TestResultReady, "nn")] = "Eit nytt prøvesvar er klart. Logg inn på DigiHelsestasjon for å sjå det.",
    };

    private static readonly Dictionary<string, (string Subject, string Footer)> Mail = new()
    {
        ["nb"] = ("Varsel fra helsestasjonen", "Denne e-posten er sendt automatisk og kan ikke besvares."),
        ["nn"] = ("Varsel frå helsestasjonen", "Denne e-posten er send automatisk og kan ikkje svarast på."),
    };

    private static readonly string[] DaysNb = ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"];
    private static readonly string[] DaysNn = ["sundag", "måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag"];
    private static readonly string[] Months = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"];

    public static IReadOnlyDictionary<(string Kind, string Language), string> All => Texts;

    /// <summary>Renders a notice with the values given (unknown placeholders stay as written, so a slip shows in a test).</summary>
    public static RenderedNotice Render(string kind, string language, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var lang = Languages.Contains(language) ? language : "nb";
        var text = Texts[(kind, lang)];
        foreach (var (name, value) in values)
        {
            text = text.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        var (subject, footer) = Mail[lang];
        return new RenderedNotice(text, subject, $"{text}\r\n\r\n{footer}");
    }

    /// <summary>The values the platform gives a notice: the appointment's time for a reminder, nothing else.</summary>
    public static IReadOnlyDictionary<string, string> ValuesFor(string language, DateTime? appointmentStartUtc) =>
        appointmentStartUtc is { } start ? new Dictionary<string, string> { ["time"] = Time(start, language) } : new Dictionary<string, string>();

    /// <summary>"tirsdag 24. november kl. 10:30" in Oslo time (written out here: the server may have no Norwegian culture data).</summary>
    public static string Time(DateTime startUtc, string language)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(startUtc, DateTimeKind.Utc), Oslo);
        var day = (language == "nn" ? DaysNn : DaysNb)[(int)local.DayOfWeek];
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{day} {local.Day}. {Months[local.Month - 1]} kl. {local:HH:mm}");
    }

    public static TimeZoneInfo Oslo { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
}
