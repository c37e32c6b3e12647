using System.Text.RegularExpressions;

namespace DigiHelsestasjon.Architecture.Tests;

/// <summary>One clock: everything the platform records or sends takes its time from the injected
/// <see cref="TimeProvider"/>, so tests (and operators) can move it. A wall-clock read is allowed only where
/// the list below names the file and says why.</summary>
public static partial class WallClockRule
{
    public static readonly IReadOnlyDictionary<string, string> AllowList = new Dictionary<string, string>
    {
        ["sdk/DigiHelsestasjon.Epj.Sdk/Http/SignedJsonChannel.cs"] = "the vendor's default clock when none is passed: netstandard2.0 has no TimeProvider",
        ["sdk/DigiHelsestasjon.Epj.Sdk/Http/EpjConnectorRequestHandler.cs"] = "the vendor's default clock when none is passed: netstandard2.0 has no TimeProvider",
        ["sdk/DigiHelsestasjon.Epj.Sdk.Conformance/ConformanceContext.cs"] = "a live test journal keeps real time; a simulated one passes its own clock",
    };

    private static readonly string[] Roots = ["modules", "host", "sdk", "simulators"];

    [GeneratedRegex(@"\b(DateTime|DateTimeOffset)\.(UtcNow|Now)\b")]
    private static partial Regex WallClock();

    /// <summary>"path:line: text" for every wall-clock read outside the allow-list (comments included: a
    /// commented-out read is one edit away from a real one).</summary>
    public static IEnumerable<string> Violations(string root)
    {
        foreach (var folder in Roots.Select(r => Path.Combine(root, r)).Where(System.IO.Directory.Exists))
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal) || AllowList.ContainsKey(relative))
                {
                    continue;
                }

                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    if (WallClock().IsMatch(lines[i]))
                    {
                        yield return $"{relative}:{i + 1}: {lines[i].Trim()}";
                    }
                }
            }
        }
    }
}
