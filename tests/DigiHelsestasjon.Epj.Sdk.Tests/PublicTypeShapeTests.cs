using System.Reflection;
using DigiHelsestasjon.Epj.Sdk.Conformance;
using DigiHelsestasjon.Epj.Sdk.National;
using DigiHelsestasjon.Epj.Sdk.Testing;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Epj.Sdk.Tests;

/// <summary>The shape of every public type in what ships to vendors, compared with the checked-in <c>PublicTypes.txt</c>
/// beside this file: its kind (sealed, abstract or static class, struct, interface, enum, delegate), its base type and the
/// interfaces it adds, an enum's underlying type.
/// <para>Every public and protected member, its signature, nullability, default values, constants and enum values is checked
/// at compile time by Microsoft.CodeAnalysis.PublicApiAnalyzers against each project's PublicAPI.Shipped.txt and
/// PublicAPI.Unshipped.txt (sdk/Directory.Build.props). That analyzer lists a type by its name only, so sealing a class,
/// changing its base type or dropping an interface it implements (HttpEpjConnector without IEpjSlotBooking) would compile
/// unnoticed; those breaking changes are what this test is for.</para>
/// A deliberate change: run with <c>UPDATE_PUBLIC_TYPES=1</c>, review the diff, and bump the version (semver).</summary>
public sealed class PublicTypeShapeTests
{
    private static readonly Assembly[] Shipped =
    [
        typeof(IEpjConnector).Assembly,
        typeof(ConformanceRunner).Assembly,
        typeof(EpjConformanceFixture).Assembly,
        typeof(NationalEndpoint).Assembly,
    ];

    [Fact]
    public void Given_the_shipped_assemblies_When_their_public_types_are_listed_Then_they_equal_the_checked_in_shapes()
    {
        var actual = string.Concat(Shipped.Select(Describe));
        var path = Path.Combine(RepositoryRoot(), "tests", "DigiHelsestasjon.Epj.Sdk.Tests", "PublicTypes.txt");
        if (Environment.GetEnvironmentVariable("UPDATE_PUBLIC_TYPES") == "1")
        {
            File.WriteAllText(path, actual);
        }

        File.Exists(path).ShouldBeTrue($"No list at {path}; run the tests with UPDATE_PUBLIC_TYPES=1 once.");
        actual.ShouldBe(File.ReadAllText(path), "A shipped public type changed its kind, base type or interfaces. If on purpose, run with UPDATE_PUBLIC_TYPES=1 and bump the version.");
    }

    private static string Describe(Assembly assembly)
    {
        var lines = new List<string> { $"# {assembly.GetName().Name}" };
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            if (type.IsEnum)
            {
                lines.Add($"enum {type.FullName} : {Name(Enum.GetUnderlyingType(type))}");
                continue;
            }

            if (type.IsSubclassOf(typeof(MulticastDelegate)))
            {
                lines.Add($"delegate {type.FullName}");
                continue;
            }

            var kind = type.IsInterface ? "interface" : type.IsValueType ? "struct" : type.IsAbstract && type.IsSealed ? "static class" : type.IsAbstract ? "abstract class" : type.IsSealed ? "sealed class" : "class";
            // Only the interfaces this type adds to its base type's; a record's IEquatable<itself> is implied by its members.
            var added = type.GetInterfaces().Except(type.BaseType?.GetInterfaces() ?? Type.EmptyTypes)
                .Where(i => !(i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEquatable<>) && i.GetGenericArguments()[0] == type))
                .Select(Name)
                .Order(StringComparer.Ordinal);
            var bases = new[] { type.BaseType }.Where(b => b is not null && b != typeof(object) && b != typeof(ValueType)).Select(b => Name(b!)).Concat(added).ToList();
            lines.Add($"{kind} {type.FullName}{(bases.Count > 0 ? " : " + string.Join(", ", bases) : "")}");
        }

        return string.Join("\n", lines) + "\n";
    }

    private static string Name(Type type)
    {
        if (type.IsGenericType)
        {
            var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
            return $"{type.Namespace}.{name}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>";
        }

        return type.IsGenericParameter ? type.Name : type.FullName ?? type.Name;
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Platform.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Platform.sln not found above the test's folder.");
    }
}
