using System.Diagnostics;
using System.IO.Compression;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Architecture.Tests;

/// <summary>What a vendor downloads: each SDK package carries its README, license, XML docs and a symbols package beside it.</summary>
public sealed class PackageTests
{
    [Theory]
    [InlineData("DigiHelsestasjon.Epj.Sdk")]
    [InlineData("DigiHelsestasjon.Epj.Sdk.Conformance")]
    [InlineData("DigiHelsestasjon.Epj.Sdk.Testing")]
    public async Task Given_an_SDK_project_When_packed_Then_the_package_has_readme_license_and_docs_and_a_symbols_package_beside_it(string project)
    {
        var output = System.IO.Directory.CreateTempSubdirectory("pack-").FullName;
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var pack = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "pack", Path.Combine(ProjectGraph.RepositoryRoot(), "sdk", project), "-c", configuration, "--no-build", "-o", output },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var log = await pack.StandardOutput.ReadToEndAsync() + await pack.StandardError.ReadToEndAsync();
        await pack.WaitForExitAsync();
        pack.ExitCode.ShouldBe(0, log);

        var package = System.IO.Directory.GetFiles(output, $"{project}.*.nupkg").ShouldHaveSingleItem();
        System.IO.Directory.GetFiles(output, $"{project}.*.snupkg").ShouldHaveSingleItem();
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        entries.ShouldContain("README.md");
        entries.ShouldContain($"lib/netstandard2.0/{project}.xml");
        entries.ShouldContain($"lib/net8.0/{project}.dll");
        using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        var manifest = await nuspec.ReadToEndAsync();
        manifest.ShouldContain("<license type=\"expression\">MIT</license>");
        manifest.ShouldContain("<readme>README.md</readme>");
        manifest.ShouldContain("<projectUrl>");
    }
}
