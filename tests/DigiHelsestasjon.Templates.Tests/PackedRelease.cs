using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Templates.Tests;

/// <summary>The SDK packages and the template package, packed once with a version of their own (as ./build.sh pack
/// does), and the templates installed in a private template store so the machine's own is never touched.</summary>
public sealed class PackedRelease : IAsyncLifetime
{
    public string Version { get; } = "2.1.0-test.t" + Guid.NewGuid().ToString("N")[..12]; // "t": a part of only digits may not start with 0 (SemVer 2)

    public string Packages { get; } = System.IO.Directory.CreateTempSubdirectory("digi-packages-").FullName;

    public string TemplateStore { get; } = System.IO.Directory.CreateTempSubdirectory("digi-template-store-").FullName;

    public async Task InitializeAsync()
    {
        var root = Dotnet.RepositoryRoot();
        foreach (var project in new[] { "sdk/DigiHelsestasjon.Epj.Sdk", "sdk/DigiHelsestasjon.Epj.Sdk.Conformance", "sdk/DigiHelsestasjon.Epj.Sdk.Testing", "templates/DigiHelsestasjon.Templates" })
        {
            var (exit, output) = await Dotnet.RunAsync(root, "pack", project, "-c", Dotnet.Configuration, "--no-build", "-o", Packages, "--version-suffix", Version["2.1.0-".Length..]);
            exit.ShouldBe(0, output);
        }

        var (installed, log) = await Dotnet.RunAsync(Packages, "new", "install", Path.Combine(Packages, $"DigiHelsestasjon.Templates.{Version}.nupkg"), "--debug:custom-hive", TemplateStore);
        installed.ShouldBe(0, log);
    }

    /// <summary><c>dotnet new</c> against the private template store.</summary>
    public Task<(int ExitCode, string Output)> NewAsync(string workingDirectory, params string[] arguments) =>
        Dotnet.RunAsync(workingDirectory, ["new", .. arguments, "--debug:custom-hive", TemplateStore]);

    public Task DisposeAsync() => Task.CompletedTask;
}
