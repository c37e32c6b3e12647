namespace DigiHelsestasjon.Epj.Sdk.National.Kith;

/// <summary>The code values of the digital dialog (HITS 1217 and the Directorate's example messages) and the display names
/// (<c>DN</c>) written with them. A receiver reads the value (<c>V</c>); the display name is for people reading the XML.</summary>
public static class NationalCodes
{
    /// <summary>OID of code list 7601 "Type forespørsel" (requests, in <c>TypeForesp</c>).</summary>
    public const string RequestCodeSystem = "2.16.578.1.12.4.1.1.7601";

    /// <summary>OID of code list 7602 "Svar til bruk i digital dialog" (answers, in <c>TemaKodet</c>; Avtaleutsending also
    /// puts them in <c>TypeForesp</c>).</summary>
    public const string AnswerCodeSystem = "2.16.578.1.12.4.1.1.7602";

    /// <summary>OID of code list 9051 (identifiers of organisations: HER, ENH ...).</summary>
    public const string OrganisationIdSystem = "2.16.578.1.12.4.1.1.9051";

    /// <summary>OID of code list 8116 (identifiers of persons: FNR, DNR, HPR, HER ...).</summary>
    public const string PersonIdSystem = "2.16.578.1.12.4.1.1.8116";

    /// <summary>OID of code list 8221 "Feilmeldinger for applikasjonskvittering".</summary>
    public const string AppRecErrorSystem = "2.16.578.1.12.4.1.1.8221";

    /// <summary>OID of code list 7611 "Representasjonsrolle" (Pasientrelasjon/Relasjon since October 2017; 9033 before).</summary>
    public const string RepresentationRoleSystem = "2.16.578.1.12.4.1.1.7611";

    // Code list 7601: requests.

    /// <summary>7601 HE: a citizen's inquiry (eKontakt).</summary>
    public const string Henvendelse = "HE";

    /// <summary>7601 DI: a health worker opens a dialog with a citizen (eKontakt).</summary>
    public const string DialogInnbygger = "DI";

    /// <summary>7601 EKI: a one-off message to a citizen that cannot be answered (eKontakt).</summary>
    public const string Engangskontakt = "EKI";

    /// <summary>7601 MOA: an appointment sent out by the journal (Avtaleutsending).</summary>
    public const string MeldingOmAvtale = "MOA";

    /// <summary>7601 ART: cancel a reserved time (Timereservasjon, Avtaleavbestilling).</summary>
    public const string AvbestillReservertTime = "ART";

    /// <summary>7617 "Timetype Innbyggerportal": a video appointment, in the event's xCal categories (HITS 1217, 2.8.2).</summary>
    public const string VideoTimetype = "Video";

    /// <summary>7601 RT: reserve a time (Timereservasjon).</summary>
    public const string ReserverTime = "RT";

    /// <summary>7601 HLT: fetch free times (Timereservasjon, synchronous).</summary>
    public const string HentLedigeTimer = "HLT";

    /// <summary>7601 HBT: fetch the booked (planned) times. The guide's code; its example file sends HLT instead, and
    /// there is no "HPT".</summary>
    public const string HentBestilteTimer = "HBT";

    /// <summary>7601 OT: wish for a time (Timeønske). Not "TO".</summary>
    public const string OnskeOmTime = "OT";

    /// <summary>7601 OET: wish to move a time (Timeønske).</summary>
    public const string OnskeOmEndringAvTime = "OET";

    /// <summary>7601 OAT: wish to cancel a time (Timeønske).</summary>
    public const string OnskeOmAvbestillingAvTime = "OAT";

    // Code list 7602: answers.

    /// <summary>7602 01: the booked times (answer to HBT).</summary>
    public const string BestilteTimer = "01";

    /// <summary>7602 02: no booked times.</summary>
    public const string IngenBestilteTimer = "02";

    /// <summary>7602 03: the free times (answer to HLT).</summary>
    public const string LedigeTimer = "03";

    /// <summary>7602 04: no free times.</summary>
    public const string IngenLedigeTimer = "04";

    /// <summary>7602 05: the reservation is confirmed.</summary>
    public const string TimereservasjonBekreftet = "05";

    /// <summary>7602 06: the time is not available.</summary>
    public const string TimeIkkeTilgjengelig = "06";

    /// <summary>7602 07: the move of a time is confirmed.</summary>
    public const string EndringAvTimeBekreftet = "07";

    /// <summary>7602 08: the cancellation is confirmed.</summary>
    public const string AvbestillingAvTimeBekreftet = "08";

    /// <summary>7602 09: the time could not be cancelled.</summary>
    public const string TimeKunneIkkeAvbestilles = "09";

    /// <summary>7602 10: a time with another practitioner is confirmed.</summary>
    public const string TimereservasjonHosAnnenBehandlerBekreftet = "10";

    /// <summary>7602 11: the patient did not come.</summary>
    public const string PasientIkkeMott = "11";

    /// <summary>7602 12: an answer from the practitioner.</summary>
    public const string SvarFraBehandler = "12";

    /// <summary>7602 13: the dialog is closed.</summary>
    public const string DialogAvsluttet = "13";

    /// <summary>7602 17: the certificate is done (in the example files, not in the guide's eKontakt chapter).</summary>
    public const string AttestFerdigstilt = "17";

    /// <summary>7602 18: the certificate cannot be issued (in the example files only).</summary>
    public const string AttestKanIkkeUtstedes = "18";

    /// <summary>7602 19: the answer to an inquiry (HE).</summary>
    public const string SvarPaHenvendelse = "19";

    /// <summary>7602 22: a citizen's answer in a dialog.</summary>
    public const string SvarFraInnbygger = "22";

    /// <summary>7602 26: the request is refused (general error code).</summary>
    public const string ForesporselAvvist = "26";

    /// <summary>7602 30: the citizen has no access to this service (general error code).</summary>
    public const string IkkeTilgang = "30";

    /// <summary>7602 31: a general error.</summary>
    public const string GenerellFeil = "31";

    /// <summary>7602 34: the time could not be moved.</summary>
    public const string TimeKunneIkkeEndres = "34";

    /// <summary>7611 FO: parental responsibility (the guide's only example value of Representasjonsrolle).</summary>
    public const string Foreldreansvar = "FO";

    /// <summary>7611's "Fullmakt" (a power of attorney), written by its name: the guide names the role but gives no value.</summary>
    public const string Fullmakt = "Fullmakt";

    private static readonly Dictionary<string, string> DisplayNames = new(StringComparer.Ordinal)
    {
        [Henvendelse] = "Henvendelse",
        [DialogInnbygger] = "Dialog med innbygger",
        [Engangskontakt] = "Engangskontakt med innbygger",
        [MeldingOmAvtale] = "Melding om avtale",
        [AvbestillReservertTime] = "Avbestill reservert time",
        [ReserverTime] = "Reserver time",
        [HentLedigeTimer] = "Hent ledige timer",
        [HentBestilteTimer] = "Hent bestilte timer",
        [OnskeOmTime] = "Ønske om time",
        [OnskeOmEndringAvTime] = "Ønske om endring av time",
        [OnskeOmAvbestillingAvTime] = "Ønske om avbestilling av time",
        [BestilteTimer] = "Bestilte timer",
        [IngenBestilteTimer] = "Ingen bestilte timer",
        [LedigeTimer] = "Ledige timer",
        [IngenLedigeTimer] = "Ingen ledige timer",
        [TimereservasjonBekreftet] = "Timereservasjon bekreftet",
        [TimeIkkeTilgjengelig] = "Time ikke tilgjengelig",
        [EndringAvTimeBekreftet] = "Endring av time bekreftet",
        [AvbestillingAvTimeBekreftet] = "Avbestilling av time bekreftet",
        [TimeKunneIkkeAvbestilles] = "Time kunne ikke avbestilles",
        [TimereservasjonHosAnnenBehandlerBekreftet] = "Timereservasjon hos annen behandler bekreftet",
        [PasientIkkeMott] = "Pasient ikke møtt",
        [SvarFraBehandler] = "Svar fra behandler",
        [DialogAvsluttet] = "Dialog avsluttet",
        [AttestFerdigstilt] = "Attest er ferdigstilt",
        [AttestKanIkkeUtstedes] = "Attest kan ikke utstedes",
        [SvarPaHenvendelse] = "Svar på henvendelse",
        [SvarFraInnbygger] = "Svar fra innbygger",
        [ForesporselAvvist] = "Forespørsel avvist",
        [IkkeTilgang] = "Ikke tilgang",
        [GenerellFeil] = "Generell feil",
        [TimeKunneIkkeEndres] = "Time kunne ikke endres",
    };

    private static readonly Dictionary<string, string> ProcessNames = new(StringComparer.Ordinal)
    {
        [NationalProcess.EKontakt] = "Dialog med innbygger - eKontakt",
        [NationalProcess.Avtaleutsending] = "Dialog med innbygger - avtaleutsending",
        [NationalProcess.Avtaleavbestilling] = "Dialog med innbygger - avtaleavbestilling",
        [NationalProcess.AvtaleavbestillingAsInTheExamples] = "Dialog med innbygger - avtalebestilling",
        [NationalProcess.Timereservasjon] = "Dialog med innbygger - timereservasjon",
        [NationalProcess.TimeonskeUngdom] = "Dialog med innbygger - timeønske ungdom",
        ["DIALOG_INNBYGGER_TIMEONSKE"] = "Dialog med innbygger - timeønske",
        [NationalProcess.AppRec] = "Applikasjonskvittering",
    };

    private static readonly Dictionary<string, string> AppRecErrorNames = new(StringComparer.Ordinal)
    {
        ["T01"] = "Ikke XML / ikke 'well formed' / uleselig",
        ["T02"] = "XML validerer ikke",
        ["E10"] = "Ugyldig meldingsidentifikator",
        ["E35"] = "Pasienten finnes ikke i mottakersystemet",
    };

    /// <summary>The display name of a 7601 or 7602 code, or null when the code is not one of those above.</summary>
    public static string? DisplayName(string code) => DisplayNames.GetValueOrDefault(code);

    /// <summary>The code list a dialog code belongs to: 7602 for the two-digit answers, 7601 for the letter codes. Needed
    /// because Avtaleutsending sends 7602 answers (05, 07, 08, 11) inside <c>TypeForesp</c>.</summary>
    public static string CodeSystemOf(string code) =>
        code.Length > 0 && code.All(char.IsAsciiDigit) ? AnswerCodeSystem : RequestCodeSystem;

    /// <summary>The display name of a process in <c>MsgInfo/Type</c> (the process name itself when unknown).</summary>
    public static string ProcessDisplayName(string process) => ProcessNames.GetValueOrDefault(process) ?? process;

    /// <summary>The display name of an AppRec error code of 8221 (the code itself when unknown).</summary>
    public static string AppRecErrorDisplayName(string code) => AppRecErrorNames.GetValueOrDefault(code) ?? code;

    /// <summary>The display name of an AppRec status.</summary>
    public static string AppRecStatusDisplayName(AppRecStatus status) => status switch
    {
        AppRecStatus.Ok => "OK",
        AppRecStatus.Rejected => "Avvist",
        AppRecStatus.OkWithErrors => "OK, feil i delmelding",
        _ => status.ToString(),
    };

    /// <summary>The display name of a Representasjonsrolle (7611) value; the guide names Foreldreansvar, Vergemål and
    /// Fullmakt but gives only FO's value.</summary>
    public static string RelationDisplayName(string relation) => relation == Foreldreansvar ? "Foreldreansvar" : relation;
}
