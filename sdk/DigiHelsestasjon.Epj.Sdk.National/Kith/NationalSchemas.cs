using System.Collections.Concurrent;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace DigiHelsestasjon.Epj.Sdk.National.Kith;

/// <summary>The national schemas (the standards' <c>xsd</c> folder, entered through <c>all-digital-dialog.xsd</c>, which
/// imports every namespace a MsgHead's strict <c>Content</c> wildcard may hold, and both AppRec versions). The schemas are
/// the Directorate's, not ours, so they are read from a folder given at run time rather than shipped.</summary>
public static partial class NationalSchemas
{
    /// <summary>The schema that imports all the others.</summary>
    public const string EntrySchema = "all-digital-dialog.xsd";

    private static readonly ConcurrentDictionary<string, Lazy<XmlSchemaSet>> Loaded = new(StringComparer.Ordinal);

    /// <summary>The compiled schema set of the folder, compiled once per folder for the process. Only files inside the
    /// folder are read: a reference elsewhere (the W3C's <c>xml.xsd</c> at its web address) is answered with the folder's
    /// copy of that file, anything else is refused.</summary>
    /// <exception cref="FileNotFoundException">The folder has no <see cref="EntrySchema"/>.</exception>
    /// <exception cref="XmlSchemaException">The schemas do not compile.</exception>
    public static XmlSchemaSet Load(string xsdFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(xsdFolder);
        var folder = Path.GetFullPath(xsdFolder);
        var lazy = Loaded.GetOrAdd(folder, f => new Lazy<XmlSchemaSet>(() => Compile(f), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A failed load (a folder not there yet) is tried again next time rather than remembered.
            Loaded.TryRemove(new KeyValuePair<string, Lazy<XmlSchemaSet>>(folder, lazy));
            throw;
        }
    }

    /// <summary>The schema errors of a document against the folder's schemas; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(XDocument document, string xsdFolder) => Validate(document, Load(xsdFolder));

    /// <summary>The schema errors of a document; empty when it is valid. Each error names the element the validator
    /// stopped at (with the elements it expected, when it lists them). Values the validator quotes are left out, as they
    /// may be patient data and the errors go into AppRecs and logs.</summary>
    public static IReadOnlyList<string> Validate(XDocument document, XmlSchemaSet schemas)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(schemas);
        var errors = new List<string>();

        // XmlSchemaSet is not documented as thread-safe; validations against one set take turns.
        lock (schemas)
        {
            // Validating a copy keeps the caller's document free of the schema information XDocument.Validate may add.
            new XDocument(document).Validate(schemas, (_, e) =>
            {
                // Warnings are the lax parts (an XHTML div in Sporsmal has no schema here); only errors fail a message.
                if (e.Severity == XmlSeverityType.Error)
                {
                    errors.Add(QuotedValue().Replace(e.Message, "$1"));
                }
            });
        }

        return errors;
    }

    [System.Text.RegularExpressions.GeneratedRegex("(The (?:value|string)) '[^']*'")]
    private static partial System.Text.RegularExpressions.Regex QuotedValue();

    private static XmlSchemaSet Compile(string folder)
    {
        var entry = Path.Combine(folder, EntrySchema);
        if (!File.Exists(entry))
        {
            throw new FileNotFoundException($"The national schemas are not in {folder} (no {EntrySchema}).", entry);
        }

        var resolver = new FolderResolver(folder);
        var settings = new XmlReaderSettings
        {
            // XMLSchema.xsd (in the folder) declares an internal DTD subset; parsing it is safe with a folder-bound resolver.
            DtdProcessing = DtdProcessing.Parse,
            XmlResolver = resolver,
        };
        var set = new XmlSchemaSet { XmlResolver = resolver };
        using (var reader = XmlReader.Create(entry, settings))
        {
            set.Add(null, reader);
        }

        set.Compile();
        return set;
    }

    /// <summary>Resolves only files inside one folder; a web address is mapped to the folder's file of the same name.</summary>
    private sealed class FolderResolver(string folder) : XmlResolver
    {
        private readonly string root = folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;

        public override object? GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
        {
            var path = absoluteUri.IsFile
                ? Path.GetFullPath(absoluteUri.LocalPath)
                : Path.Combine(root, Path.GetFileName(absoluteUri.AbsolutePath));
            if (path.StartsWith(root, StringComparison.Ordinal) && !File.Exists(path)
                && path.EndsWith(".dtd", StringComparison.OrdinalIgnoreCase))
            {
                // xmldsig-core-schema.xsd names the W3C's XMLSchema.dtd as its external subset but declares the entities
                // it uses in its internal subset; the external one is only for DTD validation, so it is read as empty.
                return new MemoryStream([], writable: false);
            }

            if (!path.StartsWith(root, StringComparison.Ordinal) || !File.Exists(path))
            {
                throw new XmlException($"The schema reference {absoluteUri} is outside the national schema folder.");
            }

            return File.OpenRead(path);
        }

        public override Uri ResolveUri(Uri? baseUri, string? relativeUri)
        {
            var resolved = base.ResolveUri(baseUri ?? new Uri(root), relativeUri);
            if (resolved.IsFile)
            {
                return resolved;
            }

            // A remote schema (http://www.w3.org/2001/xml.xsd) is read from the folder's copy, never fetched.
            return new Uri(Path.Combine(root, Path.GetFileName(resolved.AbsolutePath)));
        }
    }
}
