namespace DigiHelsestasjon.Architecture.Tests;

/// <summary>The module rules of ARCHITECTURE.md as checks over the project graph. Each returns
/// the violations it finds, so a test can show them all at once.</summary>
public static class ArchitectureRules
{
    private static readonly string[] PersistenceAndWeb = ["Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Npgsql"];

    /// <summary>A module references BuildingBlocks, its own Contracts and other modules' Contracts only; a module's
    /// main project may also use the published EPJ SDK (the platform's side of the vendor contract), its Contracts may not.</summary>
    public static IEnumerable<string> ModulesReferenceOnlyContracts(IReadOnlyList<ProjectInfo> projects)
    {
        var byName = projects.ToDictionary(p => p.Name);
        foreach (var project in projects.Where(p => p.Kind is ProjectKind.Module or ProjectKind.ModuleContracts))
        {
            foreach (var reference in project.ProjectReferences)
            {
                if (!byName.TryGetValue(reference, out var target))
                {
                    continue;
                }

                var allowed = target.Kind switch
                {
                    ProjectKind.BuildingBlocks => project.Kind == ProjectKind.Module || target.Name.EndsWith(".Contracts", StringComparison.Ordinal),
                    ProjectKind.ModuleContracts => true,
                    ProjectKind.Sdk => project.Kind == ProjectKind.Module,
                    _ => false,
                };
                if (!allowed)
                {
                    yield return $"{project.Name} references {target.Name} ({target.Kind}); a module may reference BuildingBlocks, Contracts and (its main project) the SDK only.";
                }
            }
        }
    }

    /// <summary>Contracts are plain records: no EF Core, no ASP.NET Core.</summary>
    public static IEnumerable<string> ContractsStayPlain(IReadOnlyList<ProjectInfo> projects)
    {
        foreach (var project in projects.Where(p => p.Kind == ProjectKind.ModuleContracts || p.Name == "DigiHelsestasjon.BuildingBlocks.Contracts"))
        {
            foreach (var package in project.Packages.Concat(project.Frameworks).Where(p => PersistenceAndWeb.Any(p.StartsWith)))
            {
                yield return $"{project.Name} depends on {package}; Contracts carry no EF Core or ASP.NET Core.";
            }
        }
    }

    /// <summary>The SDK stands alone: vendors must not inherit our pins.</summary>
    public static IEnumerable<string> SdkStandsAlone(IReadOnlyList<ProjectInfo> projects)
    {
        var byName = projects.ToDictionary(p => p.Name);
        foreach (var project in projects.Where(p => p.Kind == ProjectKind.Sdk))
        {
            foreach (var reference in project.ProjectReferences.Where(r => byName.TryGetValue(r, out var t) && t.Kind != ProjectKind.Sdk))
            {
                yield return $"{project.Name} references the platform project {reference}.";
            }

            foreach (var package in project.Packages.Where(p => p == "MediatR" || PersistenceAndWeb.Any(p.StartsWith)))
            {
                yield return $"{project.Name} depends on {package}; the SDK depends on abstractions only.";
            }
        }
    }

    /// <summary>What runs in production (modules, host, simulators) knows no test framework: the acceptance command runs
    /// the conformance kit's core, never its xunit layer.</summary>
    public static IEnumerable<string> ProductionCodeKnowsNoTestFramework(IReadOnlyList<ProjectInfo> projects)
    {
        foreach (var project in projects.Where(p => p.Kind is ProjectKind.Module or ProjectKind.Host or ProjectKind.Simulator))
        {
            foreach (var reference in project.ProjectReferences.Where(r => r == "DigiHelsestasjon.Epj.Sdk.Testing"))
            {
                yield return $"{project.Name} references {reference}, the kit's xunit layer; production code uses DigiHelsestasjon.Epj.Sdk.Conformance.";
            }

            foreach (var package in project.Packages.Where(p => p.StartsWith("xunit", StringComparison.OrdinalIgnoreCase) || p.StartsWith("NUnit", StringComparison.Ordinal) || p.StartsWith("MSTest", StringComparison.Ordinal)))
            {
                yield return $"{project.Name} depends on the test framework package {package}.";
            }
        }
    }

    /// <summary>Simulators talk to the platform as a vendor would: through the SDK, never a module.</summary>
    public static IEnumerable<string> SimulatorsUseTheSdkNotModules(IReadOnlyList<ProjectInfo> projects)
    {
        var byName = projects.ToDictionary(p => p.Name);
        foreach (var project in projects.Where(p => p.Kind == ProjectKind.Simulator))
        {
            foreach (var reference in project.ProjectReferences.Where(r => byName.TryGetValue(r, out var t) && t.Kind is ProjectKind.Module or ProjectKind.Host))
            {
                yield return $"{project.Name} references {reference}; simulators reference the SDK, not the modules.";
            }
        }
    }

    /// <summary>The production host uses no simulator: only the demo project (host/*.Demo), which the host adds outside
    /// Production only, references them.</summary>
    public static IEnumerable<string> OnlyTheDemoReferencesSimulators(IReadOnlyList<ProjectInfo> projects)
    {
        var byName = projects.ToDictionary(p => p.Name);
        foreach (var project in projects.Where(p => p.Kind == ProjectKind.Host && !p.Name.EndsWith(".Demo", StringComparison.Ordinal)))
        {
            foreach (var reference in project.ProjectReferences.Where(r => byName.TryGetValue(r, out var t) && t.Kind == ProjectKind.Simulator))
            {
                yield return $"{project.Name} references {reference}; the simulators are wired in the demo project only.";
            }
        }
    }

    /// <summary>What ships to vendors is strong-named and lets no other assembly (the platform's tests) see its internals.</summary>
    public static IEnumerable<string> ShippedAssembliesAreSealedOff(IEnumerable<System.Reflection.Assembly> shipped)
    {
        foreach (var assembly in shipped)
        {
            var name = assembly.GetName();
            foreach (var friend in assembly.GetCustomAttributes(typeof(System.Runtime.CompilerServices.InternalsVisibleToAttribute), false)
                         .Cast<System.Runtime.CompilerServices.InternalsVisibleToAttribute>())
            {
                yield return $"{name.Name} lets {friend.AssemblyName} see its internals";
            }

            if (name.GetPublicKeyToken() is not { Length: > 0 })
            {
                yield return $"{name.Name} is not strong-named";
            }
        }
    }

    public static IEnumerable<string> All(IReadOnlyList<ProjectInfo> projects) =>
        ModulesReferenceOnlyContracts(projects)
            .Concat(ContractsStayPlain(projects))
            .Concat(SdkStandsAlone(projects))
            .Concat(SimulatorsUseTheSdkNotModules(projects))
            .Concat(OnlyTheDemoReferencesSimulators(projects))
            .Concat(ProductionCodeKnowsNoTestFramework(projects));
}
