namespace DigiHelsestasjon.Architecture.Tests;

/// <summary>Files short enough to read: no production .cs file over <see cref="MaxLines"/> lines. A file that grows past it
/// is split by what it does (a type per capability, or a partial per capability when the type is one thing). EF's generated
/// migrations (a <c>Migrations/</c> folder) are not read by people and are left out, as are obj/ and bin/.</summary>
public static class FileLengthRule
{
    public const int MaxLines = 400;

    public static readonly string[] Roots = ["modules", "host", "simulators", "sdk", "tools", "templates"];

    /// <summary>"path: N lines" for every production file over the limit, longest first.</summary>
    public static IEnumerable<string> Violations(string root) =>
        Roots.Select(r => Path.Combine(root, r))
            .Where(System.IO.Directory.Exists)
            .SelectMany(folder => System.IO.Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            .Select(file => (Path: Path.GetRelativePath(root, file).Replace('\\', '/'), File: file))
            .Where(f => !IsLeftOut(f.Path))
            .Select(f => (f.Path, Lines: File.ReadLines(f.File).Count()))
            .Where(f => f.Lines > MaxLines)
            .OrderByDescending(f => f.Lines)
            .Select(f => $"{f.Path}: {f.Lines} lines");

    private static bool IsLeftOut(string relative) =>
        relative.Contains("/Migrations/", StringComparison.Ordinal)
        || relative.Contains("/obj/", StringComparison.Ordinal)
        || relative.Contains("/bin/", StringComparison.Ordinal);
}
