using System.Xml.Linq;

namespace DigiHelsestasjon.Architecture.Tests;

public enum ProjectKind
{
    Module,
    ModuleContracts,
    BuildingBlocks,
    Sdk,
    Simulator,
    Host,
    Test,
}

/// <summary>One project as its .csproj declares it: what it references.</summary>
public sealed record ProjectInfo(string Name, string Path, ProjectKind Kind, IReadOnlyList<string> ProjectReferences, IReadOnlyList<string> Packages, IReadOnlyList<string> Frameworks)
{
    /// <summary>The module a module project belongs to (the folder under modules/).</summary>
    public string? ModuleFolder { get; init; }
}

/// <summary>Reads every project in the repository (or a folder laid out like it).</summary>
public static class ProjectGraph
{
    public static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Platform.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Platform.sln not found above the test's folder.");
    }

    public static IReadOnlyList<ProjectInfo> Load(string root) =>
        System.IO.Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{System.IO.Path.DirectorySeparatorChar}obj{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => Read(root, p))
            .ToList();

    private static ProjectInfo Read(string root, string path)
    {
        var document = XDocument.Load(path);
        var name = System.IO.Path.GetFileNameWithoutExtension(path);
        var relative = System.IO.Path.GetRelativePath(root, path).Replace('\\', '/');
        var parts = relative.Split('/');
        var references = document.Descendants("ProjectReference")
            .Select(r => System.IO.Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();
        var packages = document.Descendants("PackageReference").Select(r => r.Attribute("Include")!.Value).ToList();
        var frameworks = document.Descendants("FrameworkReference").Select(r => r.Attribute("Include")!.Value).ToList();
        var kind = parts[0] switch
        {
            "modules" when parts[1] == "BuildingBlocks" => ProjectKind.BuildingBlocks,
            "modules" when name.EndsWith(".Contracts", StringComparison.Ordinal) => ProjectKind.ModuleContracts,
            "modules" => ProjectKind.Module,
            "sdk" => ProjectKind.Sdk,
            "simulators" => ProjectKind.Simulator,
            "host" => ProjectKind.Host,
            _ => ProjectKind.Test,
        };
        return new ProjectInfo(name, relative, kind, references, packages, frameworks)
        {
            ModuleFolder = parts[0] == "modules" ? parts[1] : null,
        };
    }
}
