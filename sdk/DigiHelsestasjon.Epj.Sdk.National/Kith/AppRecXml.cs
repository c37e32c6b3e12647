using System.Xml.Linq;

namespace DigiHelsestasjon.Epj.Sdk.National.Kith;

/// <summary>The application receipt (AppRec) in its two versions: 1.0 (2004-11-21) and 1.1 (2012-02-15). The elements are
/// the same in both; the namespace, the MIGversion and where <c>Role</c> is declared differ. Which one a counterpart
/// wants is in its agreement (CPA), so both are written and read.</summary>
public static class AppRecXml
{
    /// <summary>AppRec 1.0's namespace.</summary>
    public static readonly XNamespace V10Ns = "http://www.kith.no/xmlstds/apprec/2004-11-21";

    /// <summary>AppRec 1.1's namespace.</summary>
    public static readonly XNamespace V11Ns = "http://www.kith.no/xmlstds/apprec/2012-02-15";

    /// <summary>The receipt as AppRec XML of its <see cref="NationalAppRec.Version"/> ("1.0" or "1.1").</summary>
    /// <exception cref="ArgumentException">Another version, or an empty id, sender or receiver HER-id.</exception>
    public static XDocument Write(NationalAppRec receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var (ns, migVersion) = receipt.Version switch
        {
            "1.0" => (V10Ns, "1.0 2004-11-21"),
            "1.1" => (V11Ns, "v1.1 2012-02-15"),
            _ => throw new ArgumentException("AppRec version must be 1.0 or 1.1.", nameof(receipt)),
        };
        if (string.IsNullOrWhiteSpace(receipt.MsgId) || string.IsNullOrWhiteSpace(receipt.OriginalMsgId)
            || string.IsNullOrWhiteSpace(receipt.Sender.HerId) || string.IsNullOrWhiteSpace(receipt.Receiver.HerId))
        {
            throw new ArgumentException("An AppRec needs its id, the original message's id and the sender's and receiver's HER-ids.", nameof(receipt));
        }

        var process = string.IsNullOrEmpty(receipt.OriginalProcess) ? "" : receipt.OriginalProcess;
        return new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement(ns + "AppRec",
                new XElement(ns + "MsgType", new XAttribute("V", NationalProcess.AppRec), new XAttribute("DN", NationalCodes.ProcessDisplayName(NationalProcess.AppRec))),
                new XElement(ns + "MIGversion", migVersion),
                new XElement(ns + "GenDate", KithXml.FormatTimestamp(receipt.GenDate)),
                new XElement(ns + "Id", receipt.MsgId),
                new XElement(ns + "Sender", WriteParty(ns, receipt.Sender)),
                new XElement(ns + "Receiver", WriteParty(ns, receipt.Receiver)),
                new XElement(ns + "Status",
                    new XAttribute("V", ((int)receipt.Status).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new XAttribute("DN", NationalCodes.AppRecStatusDisplayName(receipt.Status))),
                receipt.Errors.Select(e => new XElement(ns + "Error",
                    new XAttribute("V", e.Code),
                    new XAttribute("S", NationalCodes.AppRecErrorSystem),
                    new XAttribute("DN", NationalCodes.AppRecErrorDisplayName(e.Code)),

                    // OT ("original text") carries the receiver's own description; it must name the part, never patient data.
                    string.IsNullOrEmpty(e.Description) ? null : new XAttribute("OT", e.Description))),
                new XElement(ns + "OriginalMsgId",
                    new XElement(ns + "MsgType", new XAttribute("V", process), new XAttribute("DN", NationalCodes.ProcessDisplayName(process))),
                    new XElement(ns + "IssueDate", KithXml.FormatTimestamp(receipt.OriginalIssueDate)),
                    new XElement(ns + "Id", receipt.OriginalMsgId))));
    }

    /// <summary>An AppRec of either version.</summary>
    /// <exception cref="NationalFormatException">T02 naming the part when the root is not an AppRec or a required part is
    /// missing or invalid.</exception>
    public static NationalAppRec Read(XDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var root = document.Root;
        var ns = root?.Name.Namespace;
        if (root is null || root.Name.LocalName != "AppRec" || (ns != V10Ns && ns != V11Ns))
        {
            throw KithXml.Missing("AppRec");
        }

        var original = root.Element(ns + "OriginalMsgId") ?? throw KithXml.Missing("AppRec/OriginalMsgId");
        var statusText = root.Element(ns + "Status")?.Attribute("V")?.Value ?? throw KithXml.Missing("AppRec/Status");
        if (!int.TryParse(statusText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var status)
            || !Enum.IsDefined(typeof(AppRecStatus), status))
        {
            throw new NationalFormatException("T02", "AppRec/Status is invalid");
        }

        return new NationalAppRec
        {
            Version = ns == V10Ns ? "1.0" : "1.1",
            MsgId = Required(root.Element(ns + "Id")?.Value, "AppRec/Id"),
            GenDate = KithXml.ParseTimestamp(root.Element(ns + "GenDate")?.Value, "AppRec/GenDate"),
            Sender = ReadParty(ns, root.Element(ns + "Sender"), "AppRec/Sender"),
            Receiver = ReadParty(ns, root.Element(ns + "Receiver"), "AppRec/Receiver"),
            Status = (AppRecStatus)status,
            Errors = root.Elements(ns + "Error")
                .Select(e => new AppRecError(e.Attribute("V")?.Value ?? "", e.Attribute("OT")?.Value ?? e.Attribute("DN")?.Value ?? ""))
                .ToList(),
            OriginalMsgId = Required(original.Element(ns + "Id")?.Value, "AppRec/OriginalMsgId/Id"),
            OriginalProcess = original.Element(ns + "MsgType")?.Attribute("V")?.Value ?? "",
            OriginalIssueDate = KithXml.ParseTimestamp(original.Element(ns + "IssueDate")?.Value, "AppRec/OriginalMsgId/IssueDate"),
        };
    }

    private static XElement WriteParty(XNamespace ns, NationalParty party)
    {
        // HCP/Inst is the organisation and Dept its unit, each with a HER-id, as MsgHead's Organisation and sub-Organisation.
        var inst = new XElement(ns + "Inst",
            new XElement(ns + "Name", party.Name),
            new XElement(ns + "Id", party.HerId),
            HerType(ns));
        if (!string.IsNullOrEmpty(party.UnitHerId))
        {
            inst.Add(new XElement(ns + "Dept",
                new XElement(ns + "Name", party.UnitName ?? party.Name),
                new XElement(ns + "Id", party.UnitHerId),
                HerType(ns)));
        }

        return new XElement(ns + "HCP", inst);
    }

    private static XElement HerType(XNamespace ns) => new(ns + "TypeId", new XAttribute("V", "HER"), new XAttribute("DN", "HER-id"));

    private static NationalParty ReadParty(XNamespace ns, XElement? holder, string part)
    {
        var hcp = holder?.Element(ns + "HCP") ?? throw KithXml.Missing(part + "/HCP");

        // A receipt from a person (HCProf) rather than an institution has the same Name and Id.
        var inst = hcp.Element(ns + "Inst") ?? hcp.Element(ns + "HCProf") ?? throw KithXml.Missing(part + "/HCP/Inst");
        var dept = inst.Element(ns + "Dept");
        return new NationalParty(
            Required(inst.Element(ns + "Id")?.Value, part + " HER-id"),
            inst.Element(ns + "Name")?.Value ?? "",
            dept?.Element(ns + "Id")?.Value,
            dept?.Element(ns + "Name")?.Value);
    }

    private static string Required(string? value, string part) =>
        string.IsNullOrWhiteSpace(value) ? throw KithXml.Missing(part) : value.Trim();
}
