namespace DigiHelsestasjon.Architecture.Tests;

/// <summary>One clock: everything the platform records or sends takes its time from the injected
/// <see cref="TimeProvider"/>, so tests (and operators) can move it. The compiler enforces it: code under the roots
/// below that reads the wall clock fails to build (RS0030 from Microsoft.CodeAnalysis.BannedApiAnalyzers, the members
/// in BannedSymbols.txt, wired in Directory.Build.props). A read is allowed only behind
/// <c>#pragma warning disable RS0030 // why</c>, and only in a file this list names, saying why.</summary>
public static class WallClockRule
{
    public const string Suppression = "#pragma warning disable RS0030";

    public static readonly IReadOnlyDictionary<string, string> AllowList = new Dictionary<string, string>
    {
        ["sdk/DigiHelsestasjon.Epj.Sdk/Http/SignedJsonChannel.cs"] = "the vendor's default clock when none is passed: netstandard2.0 has no TimeProvider",
        ["sdk/DigiHelsestasjon.Epj.Sdk/Http/EpjConnectorRequestHandler.cs"] = "the vendor's default clock when none is passed: netstandard2.0 has no TimeProvider",
        ["sdk/DigiHelsestasjon.Epj.Sdk.Conformance/ConformanceContext.cs"] = "a live test journal keeps real time; a simulated one passes its own clock",
    };

    public static readonly string[] Roots = ["modules", "host", "sdk", "simulators"];

    /// <summary>"path:line: text" for every suppression of the ban outside the allow list, or without a reason after it.</summary>
    public static IEnumerable<string> Violations(string root)
    {
        foreach (var folder in Roots.Select(r => Path.Combine(root, r)).Where(System.IO.Directory.Exists))
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal))
                {
                    continue;
                }

                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    var line = lines[i].Trim();
                    if (line.StartsWith(Suppression, StringComparison.Ordinal)
                        && (!AllowList.ContainsKey(relative) || !line.Contains("//", StringComparison.Ordinal)))
                    {
                        yield return $"{relative}:{i + 1}: {line}";
                    }
                }
            }
        }
    }
}
