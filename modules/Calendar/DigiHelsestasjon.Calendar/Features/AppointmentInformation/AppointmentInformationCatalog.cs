namespace DigiHelsestasjon.Calendar.Features;

/// <summary>One text about what happens at a kind of appointment. <c>Match</c> is a word the EPJ's type
/// contains ("vaksin" matches "Vaksinasjon 15 måneder"); <c>Source</c> is "national" or the kommunenummer.</summary>
public sealed record AppointmentInformationText(string Match, string Text, string Source);

/// <summary>The national texts (bokmål) every municipality starts from; its own texts add to or replace them.
/// The longest matching word wins, so "vaksin hpv" can say more than "vaksin".</summary>
internal sealed class AppointmentInformationCatalog(CalendarDbContext db, IMemoryCache cache)
{
    public const string National = "national";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(60);

    public static readonly IReadOnlyList<AppointmentInformationText> NationalTexts =
    [
        new("vaksin", "Ved vaksinasjon får barnet en eller flere vaksiner etter barnevaksinasjonsprogrammet. Ta med helsekortet om dere har det.", National),
        new("skolestart", "Skolestartundersøkelsen er en samtale og undersøkelse av barnets helse, vekst og utvikling før skolestart.", National),
        new("uker", "På konsultasjonen ser helsesykepleier og lege på barnets vekst og utvikling, og dere kan ta opp det dere lurer på.", National),
        new("årskontroll", "På kontrollen måles vekst, og dere snakker om barnets utvikling, språk, søvn og trivsel.", National),
        new("samtale", "En samtale med helsesykepleier eller lege. Du kan ta opp det du vil, og det du sier blir behandlet fortrolig.", National),
        new("", "Du får en time hos helsestasjonen. Ta kontakt om du har spørsmål før timen.", National),
    ];

    /// <summary>The text for an appointment type in a municipality. Cached briefly: it is read on every list.</summary>
    public async Task<string> ForAsync(string kommunenummer, string type, CancellationToken cancellationToken)
    {
        var texts = await EffectiveAsync(kommunenummer, cancellationToken);
        return texts.First(t => type.Contains(t.Match, StringComparison.OrdinalIgnoreCase)).Text;
    }

    /// <summary>The municipality's own texts over the national ones, longest match first.</summary>
    public async Task<IReadOnlyList<AppointmentInformationText>> EffectiveAsync(string kommunenummer, CancellationToken cancellationToken) =>
        (await cache.GetOrCreateAsync(Key(kommunenummer), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            var own = await db.InformationTexts.AsNoTracking()
                .Where(t => t.Kommunenummer == kommunenummer)
                .Select(t => new AppointmentInformationText(t.Match, t.Text, t.Kommunenummer))
                .ToListAsync(cancellationToken);
            return (IReadOnlyList<AppointmentInformationText>)own
                .Concat(NationalTexts.Where(n => !own.Any(o => string.Equals(o.Match, n.Match, StringComparison.OrdinalIgnoreCase))))
                .OrderByDescending(t => t.Match.Length).ThenBy(t => t.Match, StringComparer.Ordinal)
                .ToList();
        }))!;

    /// <summary>Called once a change is committed: it shows at once in this process, and within
    /// <see cref="CacheFor"/> in the others.</summary>
    public void Forget(string kommunenummer) => cache.Remove(Key(kommunenummer));

    private static string Key(string kommunenummer) => $"calendar:information:{kommunenummer}";
}
