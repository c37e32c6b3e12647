using System.Globalization;
using System.Xml.Linq;

namespace DigiHelsestasjon.Epj.Sdk.National.Kith;

/// <summary>The xCal (RFC 6321) calendar of a message: its events as <c>vevent</c>s, their times as Norwegian local
/// time without an offset, as the guide's and the Directorate's examples write them.</summary>
internal static class XCal
{
    /// <summary>The xCal namespace.</summary>
    public static readonly XNamespace Ns = "urn:ietf:params:xml:ns:icalendar-2.0";

    /// <summary>The product name written in <c>prodid</c>.</summary>
    public const string ProductId = "DigiHelsestasjon";

    private const string LocalFormat = "yyyy-MM-dd'T'HH:mm:ss";

    /// <summary>Norway's time zone: the examples' date-times carry no offset and mean the time on the clinic's wall.</summary>
    public static TimeZoneInfo Norway { get; } = FindNorway();

    /// <summary>An <c>icalendar</c> element holding one <c>vcalendar</c> with the events.</summary>
    public static XElement Write(IEnumerable<NationalEvent> events) =>
        new(Ns + "icalendar",
            new XElement(Ns + "vcalendar",
                new XElement(Ns + "properties",
                    new XElement(Ns + "version", Text("2.0")),
                    new XElement(Ns + "prodid", Text(ProductId))),
                new XElement(Ns + "components", events.Select(WriteEvent))));

    /// <summary>The events of every <c>vevent</c> below <paramref name="icalendar"/>.</summary>
    public static IEnumerable<NationalEvent> Read(XElement icalendar) =>
        icalendar.Descendants(Ns + "vevent").Select(ReadEvent);

    /// <summary>A date-time as xCal writes it here: Norwegian local time, no offset.</summary>
    public static string FormatLocal(DateTimeOffset time) =>
        TimeZoneInfo.ConvertTime(time, Norway).ToString(LocalFormat, CultureInfo.InvariantCulture);

    /// <summary>An xCal date-time: a trailing Z is UTC; no offset is Norwegian local time.</summary>
    public static DateTimeOffset ParseDateTime(string value)
    {
        var text = value.Trim();
        if (text.EndsWith('Z') || HasOffset(text))
        {
            return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        }

        var local = DateTime.SpecifyKind(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None), DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Norway.GetUtcOffset(local));
    }

    private static XElement WriteEvent(NationalEvent e)
    {
        var properties = new XElement(Ns + "properties",
            new XElement(Ns + "dtstart", new XElement(Ns + "date-time", FormatLocal(e.Start))),
            new XElement(Ns + "dtend", new XElement(Ns + "date-time", FormatLocal(e.End))),
            new XElement(Ns + "uid", Text(e.Uid)));
        if (e.RelatedTo is { } relatedTo)
        {
            properties.Add(new XElement(Ns + "related-to", new XElement(Ns + "uri", relatedTo)));
        }

        if (e.Sequence is { } sequence)
        {
            properties.Add(new XElement(Ns + "sequence", new XElement(Ns + "integer", sequence)));
        }

        if (e.Status is { } status)
        {
            properties.Add(new XElement(Ns + "status", Text(status)));
        }

        if (e.Location is { } location)
        {
            properties.Add(new XElement(Ns + "location", Text(location)));
        }

        if (e.Description is { } description)
        {
            properties.Add(new XElement(Ns + "description", Text(description)));
        }

        if (e.Category is { } category)
        {
            properties.Add(new XElement(Ns + "categories", Text(category)));
        }

        if (e.Contact is { } contact)
        {
            properties.Add(new XElement(Ns + "contact", Text(contact)));
        }

        if (e.Organizer is { } organizer)
        {
            // xCal's organizer must carry a cal-address; the model has only the name (cn), so the address is empty (the
            // schema's CalAddressType is a plain string) rather than an invented one.
            properties.Add(new XElement(Ns + "organizer",
                new XElement(Ns + "parameters", new XElement(Ns + "cn", Text(organizer))),
                new XElement(Ns + "cal-address", "")));
        }

        return new XElement(Ns + "vevent", properties, new XElement(Ns + "components"));
    }

    private static NationalEvent ReadEvent(XElement vevent)
    {
        var properties = vevent.Element(Ns + "properties");
        string? Value(string name, string valueElement = "text") =>
            properties?.Element(Ns + name)?.Element(Ns + valueElement)?.Value;

        var start = properties?.Element(Ns + "dtstart");
        var end = properties?.Element(Ns + "dtend");
        return new NationalEvent
        {
            Uid = Value("uid") ?? "",
            RelatedTo = Value("related-to", "uri") ?? Value("related-to"),
            Sequence = long.TryParse(Value("sequence", "integer"), CultureInfo.InvariantCulture, out var sequence) ? sequence : null,
            Start = ReadTime(start),
            End = ReadTime(end),
            Status = Value("status"),
            Location = Value("location"),

            // The guide lets description carry free text and summary the kind of visit; the model has one field.
            Description = Value("description") ?? Value("summary"),
            Contact = Value("contact")?.Trim(),
            Category = Value("categories")?.Trim(),
            Organizer = properties?.Element(Ns + "organizer")?.Element(Ns + "parameters")?.Element(Ns + "cn")?.Element(Ns + "text")?.Value,
        };
    }

    private static DateTimeOffset ReadTime(XElement? property)
    {
        var value = property?.Element(Ns + "date-time")?.Value ?? property?.Element(Ns + "date")?.Value;
        if (value is null)
        {
            return default;
        }

        try
        {
            return ParseDateTime(value);
        }
        catch (FormatException)
        {
            throw new NationalFormatException("T02", $"iCalendar {property!.Name.LocalName} is invalid");
        }
    }

    private static bool HasOffset(string text)
    {
        var t = text.IndexOf('T', StringComparison.Ordinal);
        return t > 0 && (text.IndexOf('+', t) > 0 || text.IndexOf('-', t) > 0);
    }

    private static XElement Text(string value) => new(Ns + "text", value);

    private static TimeZoneInfo FindNorway()
    {
        foreach (var id in new[] { "Europe/Oslo", "W. Europe Standard Time" })
        {
            if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
            {
                return zone;
            }
        }

        // Without time-zone data (a trimmed container) the rule of Central European time is written out here.
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
            DateTime.MinValue.Date, DateTime.MaxValue.Date, TimeSpan.FromHours(1),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 5, DayOfWeek.Sunday),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 3, 0, 0), 10, 5, DayOfWeek.Sunday));
        return TimeZoneInfo.CreateCustomTimeZone("Europe/Oslo", TimeSpan.FromHours(1), "Norway", "CET", "CEST", [rule]);
    }
}
