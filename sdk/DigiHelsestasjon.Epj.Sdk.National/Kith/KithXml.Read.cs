using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace DigiHelsestasjon.Epj.Sdk.National.Kith;

public static partial class KithXml
{
    /// <summary>Bytes received as XML. Messages carry no DTD, so one is refused (no entity expansion from outside).</summary>
    /// <exception cref="NationalFormatException">T01 when the bytes are not well-formed XML.</exception>
    public static XDocument Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = new MemoryStream(bytes, writable: false);
        return Load(() => XmlReader.Create(stream, SafeReading));
    }

    /// <summary>A string received as XML.</summary>
    /// <exception cref="NationalFormatException">T01 when the text is not well-formed XML.</exception>
    public static XDocument Parse(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        using var text = new StringReader(xml);
        return Load(() => XmlReader.Create(text, SafeReading));
    }

    /// <summary>The message in a MsgHead document: any of the Directorate's examples or what <see cref="Write"/> makes.
    /// Parts the platform does not use (health workers, RollerRelatertNotat, other documents) are passed over.</summary>
    /// <exception cref="NationalFormatException">T02 naming the part when a required one is missing or invalid (no MsgId,
    /// no Type, no sender HER-id, no Dialogmelding). The message never carries patient data.</exception>
    public static NationalMessage Read(XDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var head = document.Root;
        if (head is null || head.Name != Mh + "MsgHead")
        {
            throw Missing("MsgHead");
        }

        var info = head.Element(Mh + "MsgInfo") ?? throw Missing("MsgInfo");
        var process = NonEmpty(info.Element(Mh + "Type")?.Attribute("V")?.Value) ?? throw Missing("MsgInfo/Type");
        var msgId = NonEmpty(info.Element(Mh + "MsgId")?.Value) ?? throw Missing("MsgInfo/MsgId");
        var genDate = ParseTimestamp(info.Element(Mh + "GenDate")?.Value, "MsgInfo/GenDate");

        var sender = ReadParty(info.Element(Mh + "Sender")?.Element(Mh + "Organisation"));
        if (sender is null || sender.HerId.Length == 0)
        {
            throw Missing("MsgInfo/Sender HER-id");
        }

        var receiver = ReadParty(info.Element(Mh + "Receiver")?.Element(Mh + "Organisation")) ?? new NationalParty("", "");
        var conversation = info.Element(Mh + "ConversationRef");

        var documents = head.Elements(Mh + "Document").Select(d => d.Element(Mh + "RefDoc")).OfType<XElement>().ToList();
        var contents = documents.Select(r => r.Element(Mh + "Content")).OfType<XElement>().SelectMany(c => c.Elements()).ToList();

        // A header that validates with no business document in it is "uleselig" (T01), not a schema failure.
        var dialogElement = contents.FirstOrDefault(e => e.Name == DialogNs + "Dialogmelding")
            ?? throw new NationalFormatException("T01", "The message has no readable business document (no Dialogmelding).");
        var dialog = ReadDialog(dialogElement);

        // The subject is the Dialogmelding's own (a request's EmneSporsmal, mandatory in DI and EKI; a note's Tema); the
        // first Document's ContentDescription, which a journal may fill with a document title, is the fallback.
        var firstDocument = head.Elements(Mh + "Document").First();
        var subject = NonEmpty(dialogElement.Descendants(DialogNs + "EmneSporsmal").FirstOrDefault()?.Value)
            ?? NonEmpty(dialogElement.Descendants(DialogNs + "Tema").FirstOrDefault()?.Value)
            ?? NonEmpty(firstDocument.Element(Mh + "ContentDescription")?.Value);

        return new NationalMessage
        {
            Process = process,
            MsgId = msgId,
            GenDate = genDate,
            Sender = sender,
            Receiver = receiver,
            Patient = ReadPatient(info.Element(Mh + "Patient")),
            RefToParent = NonEmpty(conversation?.Element(Mh + "RefToParent")?.Value),
            RefToConversation = NonEmpty(conversation?.Element(Mh + "RefToConversation")?.Value),
            Subject = subject,
            Dialog = dialog,
            Events = contents.Where(e => e.Name == ICalendarNs + "icalendar").SelectMany(XCal.Read).ToList(),
            Attachments = documents.Select(ReadAttachment).OfType<NationalAttachment>().ToList(),
            ActingFor = contents.Where(e => e.Name == PasientrelasjonNs + "Pasientrelasjon").Select(ReadRelatedPerson).FirstOrDefault(),
            AckRequested = info.Element(Mh + "Ack")?.Attribute("V")?.Value != "N",
        };
    }

    private static readonly XmlReaderSettings SafeReading = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        CloseInput = false,
    };

    private static XDocument Load(Func<XmlReader> open)
    {
        try
        {
            using var reader = open();
            return XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            // XmlException's text can quote the offending content; only the position goes out.
            throw new NationalFormatException("T01", $"The message is not well-formed XML (line {e.LineNumber}, position {e.LinePosition}).");
        }
    }

    private static NationalParty? ReadParty(XElement? organisation)
    {
        if (organisation is null)
        {
            return null;
        }

        var unit = organisation.Element(Mh + "Organisation");

        // A journal often names its HER-id at the top organisation; the Henvendelse example has only the organisation
        // number there and the HER-id on the doctor (HealthcareProfessional), so that is the fallback.
        var herId = HerIdOf(organisation)
            ?? organisation.Elements(Mh + "HealthcareProfessional").Select(HerIdOf).FirstOrDefault(id => id is not null)
            ?? "";
        return new NationalParty(
            herId,
            organisation.Element(Mh + "OrganisationName")?.Value ?? "",
            unit is null ? null : HerIdOf(unit),
            unit?.Element(Mh + "OrganisationName")?.Value);
    }

    private static string? HerIdOf(XElement? holder) =>
        holder?.Elements(Mh + "Ident")
            .Where(i => i.Element(Mh + "TypeId")?.Attribute("V")?.Value == "HER")
            .Select(i => NonEmpty(i.Element(Mh + "Id")?.Value?.Trim()))
            .FirstOrDefault(id => id is not null);

    private static NationalPatient? ReadPatient(XElement? patient)
    {
        if (patient is null)
        {
            return null;
        }

        var fnr = PersonIdOf(patient, Mh);
        if (fnr is null)
        {
            throw Missing("MsgInfo/Patient FNR");
        }

        return new NationalPatient(fnr, patient.Element(Mh + "GivenName")?.Value ?? "", patient.Element(Mh + "FamilyName")?.Value ?? "");
    }

    private static string? PersonIdOf(XElement person, XNamespace ns) =>
        person.Elements(ns + "Ident")
            .Where(i => i.Element(ns + "TypeId")?.Attribute("V")?.Value is "FNR" or "DNR")
            .Select(i => NonEmpty(i.Element(ns + "Id")?.Value?.Trim()))
            .FirstOrDefault(id => id is not null);

    private static NationalDialog ReadDialog(XElement dialogmelding)
    {
        // One instance holds requests or notes, never both (Dialogmelding's choice); the first one is the message's.
        if (dialogmelding.Element(DialogNs + "Foresporsel") is { } request)
        {
            var code = request.Element(DialogNs + "TypeForesp");
            return new NationalDialog(true, CodeOf(code, "Dialogmelding/Foresporsel/TypeForesp"), TextOf(request.Element(DialogNs + "Sporsmal")), code?.Attribute("DN")?.Value);
        }

        if (dialogmelding.Element(DialogNs + "Notat") is { } note)
        {
            var code = note.Element(DialogNs + "TemaKodet");
            return new NationalDialog(false, CodeOf(code, "Dialogmelding/Notat/TemaKodet"), TextOf(note.Element(DialogNs + "TekstNotatInnhold")), code?.Attribute("DN")?.Value);
        }

        throw Missing("Dialogmelding/Foresporsel or Notat");
    }

    private static string CodeOf(XElement? code, string part) =>
        NonEmpty(code?.Attribute("V")?.Value) ?? throw Missing(part);

    /// <summary>Sporsmal and TekstNotatInnhold are anyType: plain text or an XHTML div (guide 2.4.4); a line break in
    /// XHTML becomes a newline so the text reads the same.</summary>
    private static string? TextOf(XElement? element)
    {
        if (element is null)
        {
            return null;
        }

        if (!element.HasElements)
        {
            return element.Value;
        }

        var text = new System.Text.StringBuilder();
        foreach (var node in element.DescendantNodes())
        {
            if (node is XText t)
            {
                text.Append(t.Value);
            }
            else if (node is XElement { Name.LocalName: "br" })
            {
                text.Append('\n');
            }
        }

        return text.ToString();
    }

    private static NationalAttachment? ReadAttachment(XElement refDoc)
    {
        var container = refDoc.Element(Mh + "Content")?.Element(Base64Ns + "Base64Container");
        if (container is null)
        {
            return null;
        }

        byte[] content;
        try
        {
            content = Convert.FromBase64String(container.Value);
        }
        catch (FormatException)
        {
            throw new NationalFormatException("T02", "Base64Container is invalid");
        }

        return new NationalAttachment(
            refDoc.Element(Mh + "Description")?.Value ?? "",
            refDoc.Element(Mh + "MimeType")?.Value ?? "application/octet-stream",
            content);
    }

    private static NationalRelatedPerson ReadRelatedPerson(XElement relation)
    {
        var person = relation.Element(PasientrelasjonNs + "Person") ?? throw Missing("Pasientrelasjon/Person");
        return new NationalRelatedPerson(
            PersonIdOf(person, FellesNs) ?? throw Missing("Pasientrelasjon/Person FNR"),
            person.Element(FellesNs + "GivenName")?.Value ?? "",
            person.Element(FellesNs + "FamilyName")?.Value ?? "",
            // Only FO has a value in the guide; a relation written by its name alone (OT or DN) is read by that name.
            relation.Element(PasientrelasjonNs + "Relasjon") is { } role ? role.Attribute("V")?.Value ?? role.Attribute("OT")?.Value ?? role.Attribute("DN")?.Value ?? "" : "");
    }

    internal static DateTimeOffset ParseTimestamp(string? value, string part)
    {
        if (value is null)
        {
            throw Missing(part);
        }

        // xs:dateTime; one without an offset is taken as UTC, as MsgHead's examples all give Z or an offset.
        if (DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        throw new NationalFormatException("T02", $"{part} is invalid");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    internal static NationalFormatException Missing(string part) => new("T02", $"{part} is missing");
}
