using System.Text.RegularExpressions;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Templates.Tests;

public sealed partial class TemplateTests(PackedRelease release) : IClassFixture<PackedRelease>
{
    [Fact]
    public async Task Given_the_connector_template_When_a_vendor_creates_a_project_from_it_Then_it_builds_and_passes_the_conformance_kit()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("vendor-").FullName;
        // As if made inside the platform's checkout: central package versions above must not reach the generated projects.
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"),
            "<Project><PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup></Project>");
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project><PropertyGroup><TargetFramework>net472</TargetFramework></PropertyGroup></Project>");

        var (created, log) = await release.NewAsync(folder, "digihelsestasjon-connector", "-n", "Acme.Journal", "--sdkVersion", release.Version, "--packageSource", release.Packages);
        created.ShouldBe(0, log);
        var project = Path.Combine(folder, "Acme.Journal");
        File.ReadAllText(Path.Combine(project, "nuget.config")).ShouldContain(release.Packages);
        File.ReadAllText(Path.Combine(project, "Acme.Journal", "Acme.Journal.csproj")).ShouldContain(release.Version, customMessage: "the exact package version just packed, never a stale cached one");

        var (exit, output) = await Dotnet.RunAsync(project, "test", "--logger", "console;verbosity=normal");

        exit.ShouldBe(0, output);
        var passed = int.Parse(PassedCount().Match(output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        passed.ShouldBeGreaterThanOrEqualTo(2 * 13, output);
        output.ShouldContain("OverHttpConformance.Cancellation_requiring_approval_waits_for_staff");
    }

    [Fact]
    public async Task Given_the_module_template_When_a_national_team_adds_a_module_to_the_repository_Then_it_builds_passes_its_tests_and_the_architecture_tests()
    {
        var repository = CopyOfTheRepository();

        var (created, log) = await release.NewAsync(repository, "digihelsestasjon-module", "-n", "Vaccines", "-o", ".");
        created.ShouldBe(0, log);
        // The one line in the host's module registry, as the template's instructions say.
        var registry = Path.Combine(repository, "host", "DigiHelsestasjon.Host", "ModuleRegistry.cs");
        var code = File.ReadAllText(registry);
        File.WriteAllText(registry, code.Insert(code.LastIndexOf("];", StringComparison.Ordinal), "    new DigiHelsestasjon.Vaccines.VaccinesModule(),\n    "));
        (await Dotnet.RunAsync(repository, "sln", "Platform.sln", "add",
            "modules/Vaccines/DigiHelsestasjon.Vaccines/DigiHelsestasjon.Vaccines.csproj",
            "modules/Vaccines/DigiHelsestasjon.Vaccines.Contracts/DigiHelsestasjon.Vaccines.Contracts.csproj",
            "tests/DigiHelsestasjon.Vaccines.Tests/DigiHelsestasjon.Vaccines.Tests.csproj")).ExitCode.ShouldBe(0);

        var (built, buildLog) = await Dotnet.RunAsync(repository, "build", "Platform.sln", "-c", "Release", "-p:SkipWebClient=true");
        built.ShouldBe(0, buildLog);

        var (tested, testLog) = await Dotnet.RunAsync(repository, "test", "tests/DigiHelsestasjon.Vaccines.Tests", "-c", "Release", "--no-build", "--logger", "console;verbosity=normal");
        tested.ShouldBe(0, testLog);
        testLog.ShouldContain("VaccinesOnPostgres");
        testLog.ShouldContain("VaccinesOnSqlite");
        testLog.ShouldContain("VaccinesOnSqlServer", customMessage: "the SQL Server variant is there, skipped without a server");
        var (architecture, architectureLog) = await Dotnet.RunAsync(repository, "test", "tests/DigiHelsestasjon.Architecture.Tests", "-c", "Release", "--no-build");
        architecture.ShouldBe(0, architectureLog);
        var (migrated, migrationLog) = await Dotnet.RunAsync(repository, "test", "tests/DigiHelsestasjon.Host.Tests", "-c", "Release", "--no-build",
            "--filter", "FullyQualifiedName~ModuleMigrationTests", "--logger", "console;verbosity=normal");
        migrated.ShouldBe(0, migrationLog);
        migrationLog.ShouldContain("\"vaccines\"", customMessage: "the new module's migration is checked against its model");
    }

    [Fact]
    public async Task Given_a_net472_project_When_it_uses_the_SDK_with_CSharp_9_Then_it_builds_and_with_CSharp_7_3_the_compiler_names_init_only_setters()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("net472-").FullName;
        File.WriteAllText(Path.Combine(folder, "nuget.config"),
            $"<configuration><packageSources><add key=\"digihelsestasjon\" value=\"{release.Packages}\" /></packageSources></configuration>");
        File.WriteAllText(Path.Combine(folder, "Connector.cs"), """
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using DigiHelsestasjon.Epj.Sdk;

            // A connector in a .NET Framework 4.7.2 journal product.
            public sealed class FrameworkConnector : IEpjConnector
            {
                public Task<EpjCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken) =>
                    Task.FromResult(new EpjCapabilities { Product = "Framework journal 4.7", ContractVersions = new[] { "1.1" } });

                public Task<EpjAcknowledgement> DeliverMessageAsync(CitizenMessage message, CancellationToken cancellationToken) =>
                    Task.FromResult(new EpjAcknowledgement { MessageId = message.MessageId, Receipt = ApplicationReceipt.Ok(message.MessageId) });

                public Task<EpjAcknowledgement> RequestCancellationAsync(CancellationRequest request, CancellationToken cancellationToken) =>
                    Task.FromResult(new EpjAcknowledgement { MessageId = request.MessageId, Receipt = ApplicationReceipt.Ok(request.MessageId) });

                public Task<IReadOnlyList<EpjAppointment>> GetPlannedAppointmentsAsync(PlannedAppointmentsQuery query, CancellationToken cancellationToken) =>
                    Task.FromResult<IReadOnlyList<EpjAppointment>>(new[] { new EpjAppointment { AppointmentId = "1", Version = 1 } });
            }
            """);

        foreach (var (language, shouldBuild) in new[] { ("9.0", true), ("7.3", false) })
        {
            File.WriteAllText(Path.Combine(folder, "Framework.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net472</TargetFramework>
                    <LangVersion>{language}</LangVersion>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="DigiHelsestasjon.Epj.Sdk" Version="{release.Version}" />
                  </ItemGroup>
                </Project>
                """);

            var (exit, output) = await Dotnet.RunAsync(folder, "build", "-c", "Release");

            if (shouldBuild)
            {
                exit.ShouldBe(0, output);
            }
            else
            {
                exit.ShouldNotBe(0, output);
                output.ShouldContain("Feature 'init-only setters' is not available in C# 7.3", customMessage: "the vendor guide says C# 9 is needed");
            }
        }
    }

    /// <summary>The repository as a fresh checkout has it: no build output, nothing ignored.</summary>
    private static string CopyOfTheRepository()
    {
        var source = Dotnet.RepositoryRoot();
        var target = System.IO.Directory.CreateTempSubdirectory("repository-").FullName;
        string[] skipped = ["bin", "obj", ".git", "artifacts", "TestResults", "BenchmarkDotNet.Artifacts", "node_modules", "dist"];
        foreach (var file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Any(skipped.Contains) || relative.StartsWith(Path.Combine("host", "DigiHelsestasjon.Host", "data"), StringComparison.Ordinal) || parts[0] == "data")
            {
                continue;
            }

            var destination = Path.Combine(target, relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }

    [GeneratedRegex(@"Passed:\s+(\d+)")]
    private static partial Regex PassedCount();
}
