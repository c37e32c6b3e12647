using System.Reflection;
using System.Runtime.CompilerServices;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Host;
using MediatR;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Architecture.Tests;

public sealed class ModuleRulesTests
{
    private static readonly IReadOnlyList<ProjectInfo> Projects = ProjectGraph.Load(ProjectGraph.RepositoryRoot());

    [Fact]
    public void Given_the_repository_When_its_projects_are_checked_Then_every_module_rule_holds()
    {
        Projects.ShouldContain(p => p.Kind == ProjectKind.BuildingBlocks);
        ArchitectureRules.All(Projects).ShouldBeEmpty();
    }

    [Fact]
    public void Given_a_module_that_references_another_modules_main_project_When_checked_Then_the_rule_names_it()
    {
        var root = System.IO.Directory.CreateTempSubdirectory("arch-").FullName;
        Write(root, "modules/Calendar/DigiHelsestasjon.Calendar/DigiHelsestasjon.Calendar.csproj", "../../Identity/DigiHelsestasjon.Identity/DigiHelsestasjon.Identity.csproj", "../../Identity/DigiHelsestasjon.Identity.Contracts/DigiHelsestasjon.Identity.Contracts.csproj");
        Write(root, "modules/Identity/DigiHelsestasjon.Identity/DigiHelsestasjon.Identity.csproj");
        Write(root, "modules/Identity/DigiHelsestasjon.Identity.Contracts/DigiHelsestasjon.Identity.Contracts.csproj");

        var violations = ArchitectureRules.ModulesReferenceOnlyContracts(ProjectGraph.Load(root)).ToList();

        violations.ShouldHaveSingleItem().ShouldContain("DigiHelsestasjon.Calendar references DigiHelsestasjon.Identity (Module)");
    }

    [Fact]
    public void Given_an_SDK_that_references_the_platform_When_checked_Then_the_rule_names_it()
    {
        var root = System.IO.Directory.CreateTempSubdirectory("arch-").FullName;
        Write(root, "sdk/DigiHelsestasjon.Epj.Sdk/DigiHelsestasjon.Epj.Sdk.csproj", "../../modules/BuildingBlocks/DigiHelsestasjon.BuildingBlocks/DigiHelsestasjon.BuildingBlocks.csproj");
        Write(root, "modules/BuildingBlocks/DigiHelsestasjon.BuildingBlocks/DigiHelsestasjon.BuildingBlocks.csproj");

        ArchitectureRules.SdkStandsAlone(ProjectGraph.Load(root)).ShouldHaveSingleItem();
    }

    [Fact]
    public void Given_a_module_that_references_the_kits_xunit_layer_When_checked_Then_the_rule_names_it()
    {
        var root = System.IO.Directory.CreateTempSubdirectory("arch-").FullName;
        Write(root, "modules/EpjIntegration/DigiHelsestasjon.EpjIntegration/DigiHelsestasjon.EpjIntegration.csproj", "../../../sdk/DigiHelsestasjon.Epj.Sdk.Testing/DigiHelsestasjon.Epj.Sdk.Testing.csproj");
        Write(root, "sdk/DigiHelsestasjon.Epj.Sdk.Testing/DigiHelsestasjon.Epj.Sdk.Testing.csproj");

        ArchitectureRules.ProductionCodeKnowsNoTestFramework(ProjectGraph.Load(root)).ShouldHaveSingleItem().ShouldContain("DigiHelsestasjon.EpjIntegration references DigiHelsestasjon.Epj.Sdk.Testing");
    }

    [Fact]
    public void Given_the_production_host_that_references_a_simulator_When_checked_Then_the_rule_names_it_and_lets_the_demo_do_so()
    {
        var root = System.IO.Directory.CreateTempSubdirectory("arch-").FullName;
        Write(root, "host/DigiHelsestasjon.Host/DigiHelsestasjon.Host.csproj", "../../simulators/DigiHelsestasjon.Simulators.Krr/DigiHelsestasjon.Simulators.Krr.csproj");
        Write(root, "host/DigiHelsestasjon.Host.Demo/DigiHelsestasjon.Host.Demo.csproj", "../../simulators/DigiHelsestasjon.Simulators.Krr/DigiHelsestasjon.Simulators.Krr.csproj");
        Write(root, "simulators/DigiHelsestasjon.Simulators.Krr/DigiHelsestasjon.Simulators.Krr.csproj");

        ArchitectureRules.OnlyTheDemoReferencesSimulators(ProjectGraph.Load(root)).ShouldHaveSingleItem().ShouldContain("DigiHelsestasjon.Host references DigiHelsestasjon.Simulators.Krr");
    }

    [Fact]
    public void Given_the_SDK_packages_When_their_assemblies_are_inspected_Then_they_are_strong_named_and_show_no_internals_to_test_assemblies()
    {
        ArchitectureRules.ShippedAssembliesAreSealedOff([typeof(Epj.Sdk.IEpjConnector).Assembly, typeof(Epj.Sdk.Conformance.ConformanceRunner).Assembly, typeof(Epj.Sdk.Testing.EpjConformanceFixture).Assembly]).ShouldBeEmpty();
    }

    [Fact]
    public void Given_an_assembly_that_shows_its_internals_to_tests_When_checked_as_shipped_Then_the_rule_names_it()
    {
        var violations = ArchitectureRules.ShippedAssembliesAreSealedOff([typeof(DigiHelsestasjon.BuildingBlocks.Persistence.ModuleDbContext).Assembly]).ToList();

        violations.ShouldContain(v => v.Contains("lets DigiHelsestasjon.BuildingBlocks.Tests see its internals", StringComparison.Ordinal));
        violations.ShouldContain(v => v.Contains("is not strong-named", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_the_enabled_modules_When_their_types_are_inspected_Then_handlers_and_DbContexts_are_internal()
    {
        var offenders = ModuleAssemblies()
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsPublic && !t.IsAbstract && (IsHandler(t) || typeof(ModuleDbContext).IsAssignableFrom(t)))
            .Select(t => t.FullName)
            .ToList();

        offenders.ShouldBeEmpty();
    }

    [Fact]
    public void Given_the_modules_Contracts_When_their_types_are_inspected_Then_they_are_immutable_records()
    {
        var offenders = ContractsAssemblies()
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t.IsClass && !t.IsAbstract && !IsStaticClass(t))
            .Where(t => t.GetMethod("<Clone>$") is null || t.GetProperties().Any(p => p.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter)))
            .Select(t => t.FullName)
            .ToList();

        offenders.ShouldBeEmpty();
    }

    [Fact]
    public void Given_every_request_of_the_modules_When_inspected_Then_each_is_a_command_a_query_or_a_workflow_and_no_query_handler_can_commit()
    {
        var requests = ModuleAssemblies().Concat(ContractsAssemblies()).SelectMany(a => a.GetTypes())
            .Where(t => !t.IsInterface && !t.IsAbstract && Implements(t, typeof(IRequest<>)))
            .ToList();
        var kinds = new[] { typeof(BuildingBlocks.Contracts.ICommand<>), typeof(BuildingBlocks.Contracts.IQuery<>), typeof(BuildingBlocks.Contracts.IWorkflow<>) };

        // One of the three says how it commits: the command's unit of work, nothing (a query), or each step on its own.
        requests.ShouldNotBeEmpty();
        requests.Where(t => kinds.Count(k => Implements(t, k)) != 1).Select(t => t.FullName).ShouldBeEmpty();

        // A query's handler that could open or join a transaction could write; the unit-of-work behaviour refuses a write at
        // run time too (OutboxTests.Given_a_query_handler_that_writes_...).
        ModuleAssemblies().SelectMany(a => a.GetTypes())
            .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>) && Implements(i.GetGenericArguments()[0], typeof(BuildingBlocks.Contracts.IQuery<>))))
            .Where(t => t.GetConstructors().SelectMany(c => c.GetParameters()).Any(p => p.ParameterType == typeof(BuildingBlocks.Mediation.UnitOfWork)))
            .Select(t => t.FullName)
            .ShouldBeEmpty();
    }

    private static bool Implements(Type type, Type open) => type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == open);

    private static bool IsStaticClass(Type type) => type.IsAbstract && type.IsSealed;

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));

    private static bool IsHandler(Type type) => type.GetInterfaces().Any(i => i.IsGenericType &&
        (i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>) || i.GetGenericTypeDefinition() == typeof(INotificationHandler<>)));

    private static IEnumerable<Assembly> ModuleAssemblies() => ModuleRegistry.All.Select(m => m.GetType().Assembly).Distinct();

    private static IEnumerable<Assembly> ContractsAssemblies() =>
        Projects.Where(p => p.Kind == ProjectKind.ModuleContracts).Select(p => Assembly.Load(p.Name));

    private static void Write(string root, string path, params string[] references)
    {
        var full = Path.Combine(root, path);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var items = string.Concat(references.Select(r => $"<ProjectReference Include=\"{r}\" />"));
        File.WriteAllText(full, $"<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup>{items}</ItemGroup></Project>");
    }
}
