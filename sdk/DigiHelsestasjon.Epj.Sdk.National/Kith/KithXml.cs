using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace DigiHelsestasjon.Epj.Sdk.National.Kith;

/// <summary>A <see cref="NationalMessage"/> as a KITH MsgHead 1.2 document (HITS 1217 chapter 2.3): the head, then the
/// Dialogmelding 1.1 in the first Document (the guide requires it there), then the xCal calendar, the Pasientrelasjon and
/// one base64 Document per attachment. Reading is in <c>KithXml.Read.cs</c>.</summary>
public static partial class KithXml
{
    /// <summary>MsgHead 1.2's namespace.</summary>
    public static readonly XNamespace MsgHeadNs = "http://www.kith.no/xmlstds/msghead/2006-05-24";

    /// <summary>Dialogmelding 1.1's namespace.</summary>
    public static readonly XNamespace DialogNs = "http://www.kith.no/xmlstds/dialog/2013-01-23";

    /// <summary>xCal's namespace.</summary>
    public static readonly XNamespace ICalendarNs = "urn:ietf:params:xml:ns:icalendar-2.0";

    /// <summary>Pasientrelasjon 2014-03-28's namespace.</summary>
    public static readonly XNamespace PasientrelasjonNs = "http://www.kith.no/xmlstds/pasientrelasjon/2014-03-28";

    /// <summary>The KITH common components' namespace (the persons inside Pasientrelasjon).</summary>
    public static readonly XNamespace FellesNs = "http://www.kith.no/xmlstds/felleskomponent1";

    /// <summary>Base64Container's namespace (attachments).</summary>
    public static readonly XNamespace Base64Ns = "http://www.kith.no/xmlstds/base64container";

    /// <summary>MsgHead's fixed <c>MIGversion</c>.</summary>
    public const string MigVersion = "v1.2 2006-05-24";

    private static readonly XNamespace Mh = MsgHeadNs;

    /// <summary>The message as MsgHead XML that validates against the standards' <c>all-digital-dialog.xsd</c>.</summary>
    /// <exception cref="ArgumentException">A part the schema requires is empty (MsgId, process, sender or receiver HER-id,
    /// dialog code).</exception>
    public static XDocument Write(NationalMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Require(message.Process, "Process");
        Require(message.MsgId, "MsgId");
        Require(message.Sender.HerId, "Sender.HerId");
        Require(message.Receiver.HerId, "Receiver.HerId");
        Require(message.Dialog.Code, "Dialog.Code");

        var info = new XElement(Mh + "MsgInfo",
            new XElement(Mh + "Type", new XAttribute("V", message.Process), new XAttribute("DN", NationalCodes.ProcessDisplayName(message.Process))),
            new XElement(Mh + "MIGversion", MigVersion),
            new XElement(Mh + "GenDate", FormatTimestamp(message.GenDate)),
            new XElement(Mh + "MsgId", message.MsgId),
            message.AckRequested
                ? new XElement(Mh + "Ack", new XAttribute("V", "J"), new XAttribute("DN", "Ja"))
                : new XElement(Mh + "Ack", new XAttribute("V", "N"), new XAttribute("DN", "Nei")));
        if (message.RefToParent is not null || message.RefToConversation is not null)
        {
            // The schema wants both; an answer in a conversation of one message refers to that message twice.
            info.Add(new XElement(Mh + "ConversationRef",
                new XElement(Mh + "RefToParent", message.RefToParent ?? message.RefToConversation),
                new XElement(Mh + "RefToConversation", message.RefToConversation ?? message.RefToParent)));
        }

        info.Add(new XElement(Mh + "Sender", WriteParty(message.Sender)));
        info.Add(new XElement(Mh + "Receiver", WriteParty(message.Receiver)));
        if (message.Patient is { } patient)
        {
            info.Add(new XElement(Mh + "Patient",
                string.IsNullOrEmpty(patient.FamilyName) ? null : new XElement(Mh + "FamilyName", patient.FamilyName),
                string.IsNullOrEmpty(patient.GivenName) ? null : new XElement(Mh + "GivenName", patient.GivenName),
                WritePersonIdent(Mh, patient.Fnr)));
        }

        var head = new XElement(Mh + "MsgHead",
            new XAttribute(XNamespace.Xmlns + "xsi", XmlSchemaInstanceNs),
            info,
            WriteDocument(message.Subject, message.GenDate, "XML", "XML-instans", null, null, WriteDialog(message.Dialog, message.Subject)));

        if (message.Events.Count > 0)
        {
            head.Add(WriteDocument(null, message.GenDate, "XML", "XML-instans", null, null, XCal.Write(message.Events)));
        }

        if (message.ActingFor is { } actingFor)
        {
            head.Add(WriteDocument(null, message.GenDate, "XML", "XML-instans", null, null, WritePasientrelasjon(actingFor)));
        }

        foreach (var attachment in message.Attachments)
        {
            head.Add(WriteDocument(null, message.GenDate, "A", "Vedlegg", attachment.MimeType, attachment.FileName,
                new XElement(Base64Ns + "Base64Container", Convert.ToBase64String(attachment.Content))));
        }

        return new XDocument(new XDeclaration("1.0", "utf-8", null), head);
    }

    /// <summary>A document as UTF-8 bytes, the body of an AMQP message.</summary>
    public static byte[] ToBytes(XDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false), Indent = false }))
        {
            document.Save(writer);
        }

        return stream.ToArray();
    }

    private static readonly XNamespace XmlSchemaInstanceNs = "http://www.w3.org/2001/XMLSchema-instance";

    private static XElement WriteParty(NationalParty party)
    {
        var organisation = new XElement(Mh + "Organisation",
            new XElement(Mh + "OrganisationName", party.Name),
            WriteHerIdent(party.HerId));
        if (!string.IsNullOrEmpty(party.UnitHerId))
        {
            organisation.Add(new XElement(Mh + "Organisation",
                new XElement(Mh + "OrganisationName", party.UnitName ?? party.Name),
                WriteHerIdent(party.UnitHerId)));
        }

        return organisation;
    }

    private static XElement WriteHerIdent(string herId) =>
        new(Mh + "Ident",
            new XElement(Mh + "Id", herId),
            new XElement(Mh + "TypeId", new XAttribute("V", "HER"), new XAttribute("S", NationalCodes.OrganisationIdSystem), new XAttribute("DN", "HER-id")));

    private static XElement WritePersonIdent(XNamespace ns, string fnr)
    {
        // A D-number (first digit 4-7) is the same field with its own type, as 8116 has it.
        var isDNumber = fnr.Length == 11 && fnr[0] is >= '4' and <= '7';
        return new XElement(ns + "Ident",
            new XElement(ns + "Id", fnr),
            new XElement(ns + "TypeId",
                new XAttribute("V", isDNumber ? "DNR" : "FNR"),
                new XAttribute("S", NationalCodes.PersonIdSystem),
                new XAttribute("DN", isDNumber ? "D-nummer" : "Fødselsnummer")));
    }

    private static XElement WriteDocument(string? contentDescription, DateTimeOffset issued, string msgType, string msgTypeName, string? mimeType, string? description, XElement content) =>
        new(Mh + "Document",
            contentDescription is null ? null : new XElement(Mh + "ContentDescription", contentDescription),
            new XElement(Mh + "RefDoc",
                new XElement(Mh + "IssueDate", new XAttribute("V", FormatTimestamp(issued))),
                new XElement(Mh + "MsgType", new XAttribute("V", msgType), new XAttribute("DN", msgTypeName)),
                mimeType is null ? null : new XElement(Mh + "MimeType", mimeType),
                description is null ? null : new XElement(Mh + "Description", description),
                new XElement(Mh + "Content", content)));

    /// <summary>The subject goes in the Dialogmelding too (a request's EmneSporsmal, which DI and EKI require; a note's Tema).</summary>
    private static XElement WriteDialog(NationalDialog dialog, string? subject)
    {
        var code = new XAttribute[]
        {
            new("V", dialog.Code),
            new("S", NationalCodes.CodeSystemOf(dialog.Code)),
            new("DN", dialog.CodeText ?? NationalCodes.DisplayName(dialog.Code) ?? dialog.Code),
        };
        return new XElement(DialogNs + "Dialogmelding",
            dialog.IsRequest
                ? new XElement(DialogNs + "Foresporsel",
                    new XElement(DialogNs + "TypeForesp", code),
                    subject is null ? null : new XElement(DialogNs + "EmneSporsmal", subject),
                    dialog.Text is null ? null : new XElement(DialogNs + "Sporsmal", dialog.Text))
                : new XElement(DialogNs + "Notat",
                    new XElement(DialogNs + "TemaKodet", code),
                    subject is null ? null : new XElement(DialogNs + "Tema", subject),
                    dialog.Text is null ? null : new XElement(DialogNs + "TekstNotatInnhold", dialog.Text)));
    }

    private static XElement WritePasientrelasjon(NationalRelatedPerson person) =>
        new(PasientrelasjonNs + "Pasientrelasjon",
            new XAttribute(XNamespace.Xmlns + "fk1", FellesNs),
            new XElement(PasientrelasjonNs + "Person",
                string.IsNullOrEmpty(person.FamilyName) ? null : new XElement(FellesNs + "FamilyName", person.FamilyName),
                string.IsNullOrEmpty(person.GivenName) ? null : new XElement(FellesNs + "GivenName", person.GivenName),
                WritePersonIdent(FellesNs, person.Fnr)),
            // The guide gives a value for Foreldreansvar (FO) only: another role goes by its name (OT), without a guessed value.
            person.Relation == NationalCodes.Foreldreansvar
                ? new XElement(PasientrelasjonNs + "Relasjon",
                    new XAttribute("V", person.Relation), new XAttribute("S", NationalCodes.RepresentationRoleSystem), new XAttribute("DN", NationalCodes.RelationDisplayName(person.Relation)))
                : new XElement(PasientrelasjonNs + "Relasjon",
                    new XAttribute("S", NationalCodes.RepresentationRoleSystem), new XAttribute("DN", person.Relation), new XAttribute("OT", person.Relation)));

    /// <summary>A MsgHead timestamp: UTC with the fraction only when there is one, as the examples write them.</summary>
    internal static string FormatTimestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static void Require(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} is required by MsgHead 1.2 and the digital dialog.", nameof(value));
        }
    }
}
