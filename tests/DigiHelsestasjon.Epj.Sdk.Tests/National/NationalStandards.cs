using System.Xml.Linq;
using System.Xml.Schema;
using DigiHelsestasjon.Epj.Sdk.National.Kith;
using Xunit;

namespace DigiHelsestasjon.Epj.Sdk.Tests.National;

/// <summary>Where the national standards are: env DIGIHELSESTASJON_STANDARDS, else ../shared/standards beside the
/// repository (the folder with Platform.sln). They are public standards we may not copy into the repository, so a fresh
/// clone has none and the tests that need them skip, saying why.</summary>
internal static class NationalStandards
{
    public static string Folder { get; } = Locate();

    public static bool Present => File.Exists(Path.Combine(Folder, "xsd", NationalSchemas.EntrySchema));

    public static string SkipReason => $"the national standards are not at {Folder} (set DIGIHELSESTASJON_STANDARDS or put them in ../shared/standards)";

    public static string XsdFolder => Path.Combine(Folder, "xsd");

    public static XmlSchemaSet Schemas => NationalSchemas.Load(XsdFolder);

    /// <summary>The 45 example messages, as paths relative to examples/ (stable names for the test report).</summary>
    public static IEnumerable<object[]> Examples()
    {
        var examples = Path.Combine(Folder, "examples");
        if (!Directory.Exists(examples))
        {
            return [];
        }

        return Directory.EnumerateFiles(examples, "*.xml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(examples, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(f => new object[] { f });
    }

    public static XDocument LoadExample(string relativePath) =>
        XDocument.Load(Path.Combine(Folder, "examples", relativePath));

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("DIGIHELSESTASJON_STANDARDS");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "standards"));
            }
        }

        return Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "shared", "standards"));
    }
}

/// <summary>A fact that is skipped, with the reason in the report, when the national standards are absent. xunit 2.9 has
/// no Assert.Skip, and the repository's ConformanceFact is for a vendor's skip list, so the skip is decided here.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class StandardsFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the standards are not there.</summary>
    public StandardsFactAttribute()
    {
        if (!NationalStandards.Present)
        {
            Skip = NationalStandards.SkipReason;
        }
    }
}

/// <summary>The theory variant of <see cref="StandardsFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class StandardsTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the standards are not there.</summary>
    public StandardsTheoryAttribute()
    {
        if (!NationalStandards.Present)
        {
            Skip = NationalStandards.SkipReason;
        }
    }
}
