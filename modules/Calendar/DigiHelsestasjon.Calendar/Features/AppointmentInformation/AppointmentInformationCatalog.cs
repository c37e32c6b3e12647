namespace DigiHelsestasjon.Calendar.Features.AppointmentInformation;

/// <summary>One text about what happens at a kind of appointment. <c>Match</c> is a phrase the EPJ's type
/// contains ("vaksin" matches "Vaksinasjon 15 måneder"); <c>Source</c> is "national" or the kommunenummer.</summary>
/// <param name="TextNynorsk">In the admin's list: the text in nynorsk (null: the municipality wrote bokmål only, and nynorsk
/// readers get that).</param>
/// <param name="Kind">The national programme's kind this phrase belongs to (for example "4-uker"), so a page can name it in
/// words; null for a phrase of the municipality's own.</param>
public sealed record AppointmentInformationText(string Match, string Text, string Source, string? TextNynorsk = null, string? Kind = null);

/// <summary>The national texts (<see cref="NationalProgramme"/>, bokmål and nynorsk) every municipality starts from; its
/// own texts add to or replace them, in both written forms. The longest matching phrase wins, so "vaksin hpv" can say
/// more than "vaksin", and "18 måned" is not taken for "8 måned".</summary>
internal sealed class AppointmentInformationCatalog(CalendarDbContext db, IMemoryCache cache)
{
    public const string National = "national";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(60);

    private static readonly IReadOnlyList<AppointmentInformationText>[] NationalByForm =
        [.. Enum.GetValues<WrittenNorwegian>().OrderBy(f => (int)f).Select(BuildNationalTexts)];

    public static IReadOnlyList<AppointmentInformationText> NationalTexts(WrittenNorwegian form) => NationalByForm[(int)form];

    private static IReadOnlyList<AppointmentInformationText> BuildNationalTexts(WrittenNorwegian form) =>
    [
        .. NationalProgramme.Kinds.Concat(NationalProgramme.General)
            .SelectMany(k => k.Matches.Select(m => new AppointmentInformationText(m, k.Text(form), National, Kind: k.Key))),
    ];

    /// <summary>The national kind a phrase belongs to, by its exact phrase.</summary>
    public static string? KindOf(string match) =>
        NationalProgramme.Kinds.Concat(NationalProgramme.General).FirstOrDefault(k => k.Matches.Contains(match, StringComparer.OrdinalIgnoreCase))?.Key;

    /// <summary>What the admin edits: each effective text in both written forms, the municipality's own first.</summary>
    public async Task<IReadOnlyList<AppointmentInformationText>> BothFormsAsync(string kommunenummer, CancellationToken cancellationToken)
    {
        var own = await db.InformationTexts.AsNoTracking().Where(t => t.Kommunenummer == kommunenummer).ToListAsync(cancellationToken);
        var nynorsk = NationalTexts(WrittenNorwegian.Nynorsk);
        return
        [
            .. own.Select(t => new AppointmentInformationText(t.Match, t.Text, t.Kommunenummer, t.TextNynorsk, KindOf(t.Match)))
                .Concat(NationalTexts(WrittenNorwegian.Bokmal)
                    .Where(n => !own.Any(o => string.Equals(o.Match, n.Match, StringComparison.OrdinalIgnoreCase)))
                    .Select(n => n with { TextNynorsk = nynorsk.First(x => x.Match == n.Match).Text }))
                .OrderByDescending(t => t.Match.Length).ThenBy(t => t.Match, StringComparer.Ordinal),
        ];
    }

    /// <summary>The text for an appointment type in a municipality. Cached briefly: it is read on every list.</summary>
    public async Task<string> ForAsync(string kommunenummer, string type, WrittenNorwegian form, CancellationToken cancellationToken)
    {
        var texts = await EffectiveAsync(kommunenummer, form, cancellationToken);
        return texts.First(t => NationalProgramme.Contains(type, t.Match)).Text;
    }

    /// <summary>The municipality's own texts over the national ones, longest match first. Merged once per municipality and
    /// written form and cached: the list asks for it once per appointment.</summary>
    public async Task<IReadOnlyList<AppointmentInformationText>> EffectiveAsync(string kommunenummer, WrittenNorwegian form, CancellationToken cancellationToken) =>
        (await cache.GetOrCreateAsync(Key(kommunenummer, form), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            var own = await db.InformationTexts.AsNoTracking()
                .Where(t => t.Kommunenummer == kommunenummer)
                .Select(t => new AppointmentInformationText(t.Match, form == WrittenNorwegian.Nynorsk && t.TextNynorsk != null ? t.TextNynorsk : t.Text, t.Kommunenummer, null, null))
                .ToListAsync(cancellationToken);
            return (IReadOnlyList<AppointmentInformationText>)
            [
                .. own.Concat(NationalTexts(form).Where(n => !own.Any(o => string.Equals(o.Match, n.Match, StringComparison.OrdinalIgnoreCase))))
                    .OrderByDescending(t => t.Match.Length).ThenBy(t => t.Match, StringComparer.Ordinal),
            ];
        }))!;

    /// <summary>Called once a change is committed: it shows at once in this process, and within
    /// <see cref="CacheFor"/> in the others.</summary>
    public void Forget(string kommunenummer)
    {
        foreach (var form in Enum.GetValues<WrittenNorwegian>())
        {
            cache.Remove(Key(kommunenummer, form));
        }
    }

    private static string Key(string kommunenummer, WrittenNorwegian form) => $"calendar:information:{kommunenummer}:{form}";
}

/// <summary>The citizen's written form from the request: <c>Accept-Language: nn</c> (or nn-NO) gives nynorsk, anything
/// else bokmål.</summary>
internal static class CitizenLanguage
{
    public static WrittenNorwegian Of(HttpContext? http)
    {
        var header = http?.Request.Headers.AcceptLanguage.ToString() ?? "";
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var tag = part.Split(';')[0].Trim();
            if (tag.StartsWith("nn", StringComparison.OrdinalIgnoreCase) || tag.Equals("no-nn", StringComparison.OrdinalIgnoreCase))
            {
                return WrittenNorwegian.Nynorsk;
            }

            if (tag.StartsWith("nb", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("no", StringComparison.OrdinalIgnoreCase))
            {
                return WrittenNorwegian.Bokmal;
            }
        }

        return WrittenNorwegian.Bokmal;
    }
}
