namespace DigiHelsestasjon.Calendar.Features.AppointmentInformation;

/// <summary>Bokmål or nynorsk: the two written forms every national text has.</summary>
public enum WrittenNorwegian
{
    Bokmal,
    Nynorsk,
}

/// <summary>One kind of appointment in the national programme for pregnancy care and the health station 0-5 years
/// (Helsedirektoratet's guideline for the health station and school health service), with the childhood immunisation
/// programme's vaccines at that age. <see cref="Matches"/> are phrases an EPJ's appointment type contains.</summary>
public sealed record ProgrammeKind(
    string Key,
    IReadOnlyList<string> Matches,
    string PractitionerRole,
    bool HomeVisit,
    string Bokmal,
    string Nynorsk,
    string? VaccinesBokmal = null,
    string? VaccinesNynorsk = null)
{
    /// <summary>The whole text in one written form: what happens, what to bring, the vaccines planned.</summary>
    public string Text(WrittenNorwegian form) => form == WrittenNorwegian.Nynorsk
        ? Nynorsk + (VaccinesNynorsk is null ? "" : " Vaksinar etter barnevaksinasjonsprogrammet: " + VaccinesNynorsk + ".")
        : Bokmal + (VaccinesBokmal is null ? "" : " Vaksiner etter barnevaksinasjonsprogrammet: " + VaccinesBokmal + ".");
}

/// <summary>The national programme as data. A municipality's own texts (<c>appointment-information</c>) still come first.</summary>
public static class NationalProgramme
{
    private const string SixFold = "seksvalent vaksine (difteri, stivkrampe, kikhoste, polio, Hib og hepatitt B) og pneumokokkvaksine";

    public static IReadOnlyList<ProgrammeKind> Kinds { get; } =
    [
        new("svangerskapskontroll", ["svangerskap"], "jordmor", HomeVisit: false,
            "Svangerskapskontroll hos jordmor: vi måler blodtrykk og vekt, kjenner på magen, lytter på barnets hjertelyd og snakker om hvordan du har det. Ta med helsekortet for gravide og en urinprøve.",
            "Svangerskapskontroll hjå jordmor: vi måler blodtrykk og vekt, kjenner på magen, lyttar på hjartelyden til barnet og snakkar om korleis du har det. Ta med helsekortet for gravide og ei urinprøve."),
        new("hjemmebesok", ["hjemmebesøk", "heimebesøk"], "jordmor", HomeVisit: true,
            "Jordmor eller helsesykepleier besøker dere hjemme like etter fødselen. Vi ser på barnet og mor, veier barnet og snakker om amming, søvn og hvordan dere har det. Dere trenger ikke ta med noe.",
            "Jordmor eller helsesjukepleiar besøkjer dykk heime like etter fødselen. Vi ser på barnet og mor, veg barnet og snakkar om amming, søvn og korleis de har det. De treng ikkje ta med noko."),
        new("4-uker", ["4 uke", "fire uke"], "helsesykepleier", HomeVisit: false,
            "Konsultasjon ved 4 uker: helsesykepleier veier og måler barnet og snakker med dere om amming, søvn og samspill. Ta med helsekortet.",
            "Konsultasjon ved 4 veker: helsesjukepleiar veg og måler barnet og snakkar med dykk om amming, søvn og samspel. Ta med helsekortet."),
        new("6-uker", ["6 uke", "seks uke"], "lege og helsesykepleier", HomeVisit: false,
            "Konsultasjon ved 6 uker: lege undersøker barnet, og dere snakker om hvordan dere har det som familie. Ta med helsekortet.",
            "Konsultasjon ved 6 veker: lege undersøkjer barnet, og de snakkar om korleis de har det som familie. Ta med helsekortet.",
            "rotavirusvaksine (drikkes)", "rotavirusvaksine (drikk)"),
        new("3-maneder", ["3 måned", "3 månad"], "helsesykepleier", HomeVisit: false,
            "Konsultasjon ved 3 måneder: vekt, lengde og hodeomkrets, og en samtale om barnets utvikling. Ta med helsekortet.",
            "Konsultasjon ved 3 månader: vekt, lengd og hovudomkrins, og ein samtale om utviklinga til barnet. Ta med helsekortet.",
            SixFold + " og rotavirusvaksine", SixFold + " og rotavirusvaksine"),
        new("4-maneder", ["4 måned", "4 månad"], "helsesykepleier", HomeVisit: false,
            "Konsultasjon ved 4 måneder: vi følger opp vekst og utvikling og snakker om mat, søvn og samspill. Ta med helsekortet.",
            "Konsultasjon ved 4 månader: vi følgjer opp vekst og utvikling og snakkar om mat, søvn og samspel. Ta med helsekortet."),
        new("5-maneder", ["5 måned", "5 månad"], "helsesykepleier", HomeVisit: false,
            "Konsultasjon ved 5 måneder: vaksinasjon og en kort samtale om hvordan det går. Ta med helsekortet.",
            "Konsultasjon ved 5 månader: vaksinasjon og ein kort samtale om korleis det går. Ta med helsekortet.",
            SixFold, SixFold),
        new("6-maneder", ["6 måned", "6 månad"], "lege og helsesykepleier", HomeVisit: false,
            "Konsultasjon ved 6 måneder: lege undersøker barnet, og dere snakker om overgangen til fast føde. Ta med helsekortet.",
            "Konsultasjon ved 6 månader: lege undersøkjer barnet, og de snakkar om overgangen til fast føde. Ta med helsekortet."),
        new("8-maneder", ["8 måned", "8 månad"], "helsesykepleier", HomeVisit: false,
            "Konsultasjon ved 8 måneder: vekst, motorikk og språk, og en samtale om søvn og trygghet. Ta med helsekortet.",
            "Konsultasjon ved 8 månader: vekst, motorikk og språk, og ein samtale om søvn og tryggleik. Ta med helsekortet."),
        new("10-maneder", ["10 måned", "10 månad"], "helsesykepleier", HomeVisit: false,
            "Konsultasjon ved 10 måneder: vi ser på barnets utvikling og snakker om tannhelse og ulykkesforebygging. Ta med helsekortet.",
            "Konsultasjon ved 10 månader: vi ser på utviklinga til barnet og snakkar om tannhelse og førebygging av ulukker. Ta med helsekortet."),
        new("1-ar", ["1 år", "12 måned", "12 månad", "ettårs"], "lege og helsesykepleier", HomeVisit: false,
            "Konsultasjon ved 1 år: lege undersøker barnet, og dere snakker om språk, lek og barnehage. Ta med helsekortet.",
            "Konsultasjon ved 1 år: lege undersøkjer barnet, og de snakkar om språk, leik og barnehage. Ta med helsekortet.",
            SixFold, SixFold),
        new("15-maneder", ["15 måned", "15 månad"], "helsesykepleier", HomeVisit: false,
            "Konsultasjon ved 15 måneder: vaksinasjon og en samtale om hvordan barnet har det. Ta med helsekortet.",
            "Konsultasjon ved 15 månader: vaksinasjon og ein samtale om korleis barnet har det. Ta med helsekortet.",
            "MMR-vaksine (meslinger, kusma og røde hunder)", "MMR-vaksine (meslingar, kusma og raude hundar)"),
        new("17-18-maneder", ["17 måned", "18 måned", "17 månad", "18 månad", "17-18"], "helsesykepleier", HomeVisit: false,
            "Konsultasjon ved 17-18 måneder: språk, samspill og motorikk, og en samtale om grensesetting og søvn. Ta med helsekortet.",
            "Konsultasjon ved 17-18 månader: språk, samspel og motorikk, og ein samtale om grensesetjing og søvn. Ta med helsekortet."),
        new("2-ar", ["2 år", "toårs"], "lege og helsesykepleier", HomeVisit: false,
            "Konsultasjon ved 2 år: lege undersøker barnet, og dere snakker om språk, lek og samspill med andre barn. Ta med helsekortet.",
            "Konsultasjon ved 2 år: lege undersøkjer barnet, og de snakkar om språk, leik og samspel med andre born. Ta med helsekortet."),
        new("4-ar", ["4 år", "fireårs"], "helsesykepleier", HomeVisit: false,
            "Konsultasjon ved 4 år: syn, hørsel, språk og vekst, og en samtale om hvordan barnet har det hjemme og i barnehagen. Ta med helsekortet.",
            "Konsultasjon ved 4 år: syn, høyrsel, språk og vekst, og ein samtale om korleis barnet har det heime og i barnehagen. Ta med helsekortet."),
        new("skolestart", ["skolestart"], "lege og helsesykepleier", HomeVisit: false,
            "Skolestartundersøkelsen er en samtale og undersøkelse av barnets helse, vekst og utvikling før skolestart. Ta med helsekortet.",
            "Skulestartundersøkinga er ein samtale og ei undersøking av helsa, veksten og utviklinga til barnet før skulestart. Ta med helsekortet."),
    ];

    /// <summary>Texts for types outside the programme (older EPJ wordings, the school health service), longest match first.</summary>
    public static IReadOnlyList<ProgrammeKind> General { get; } =
    [
        new("vaksinasjon", ["vaksin"], "helsesykepleier", HomeVisit: false,
            "Ved vaksinasjon får barnet en eller flere vaksiner etter barnevaksinasjonsprogrammet. Ta med helsekortet om dere har det.",
            "Ved vaksinasjon får barnet ein eller fleire vaksinar etter barnevaksinasjonsprogrammet. Ta med helsekortet om de har det."),
        new("uker", ["uker"], "helsesykepleier", HomeVisit: false,
            "På konsultasjonen ser helsesykepleier og lege på barnets vekst og utvikling, og dere kan ta opp det dere lurer på.",
            "På konsultasjonen ser helsesjukepleiar og lege på veksten og utviklinga til barnet, og de kan ta opp det de lurer på."),
        new("arskontroll", ["årskontroll"], "helsesykepleier", HomeVisit: false,
            "På kontrollen måles vekst, og dere snakker om barnets utvikling, språk, søvn og trivsel.",
            "På kontrollen blir veksten målt, og de snakkar om utviklinga, språket, søvnen og trivselen til barnet."),
        new("samtale", ["samtale"], "helsesykepleier", HomeVisit: false,
            "En samtale med helsesykepleier eller lege. Du kan ta opp det du vil, og det du sier blir behandlet fortrolig.",
            "Ein samtale med helsesjukepleiar eller lege. Du kan ta opp det du vil, og det du seier blir handsama fortruleg."),
        new("annet", [""], "helsesykepleier", HomeVisit: false,
            "Du får en time hos helsestasjonen. Ta kontakt om du har spørsmål før timen.",
            "Du får ein time hjå helsestasjonen. Ta kontakt om du har spørsmål før timen."),
    ];

    /// <summary>A home visit: the family's home, so neither the unit's nor the family's address is shown.</summary>
    public static bool IsHomeVisit(string appointmentType) => Kinds.Any(k => k.HomeVisit && k.Matches.Any(m => Contains(appointmentType, m)));

    /// <summary>True when <paramref name="type"/> contains <paramref name="phrase"/> not preceded by a digit, so "1 år" is not
    /// found in "11 år" nor "8 måned" in "18 måneder". The empty phrase matches everything (the fallback).</summary>
    public static bool Contains(string type, string phrase)
    {
        if (phrase.Length == 0)
        {
            return true;
        }

        for (var at = type.IndexOf(phrase, StringComparison.OrdinalIgnoreCase); at >= 0; at = type.IndexOf(phrase, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            if (at == 0 || !char.IsDigit(type[at - 1]))
            {
                return true;
            }
        }

        return false;
    }
}
