using System.Reflection;
using System.Text;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Epj.Sdk.Tests;

/// <summary>The SDK's public surface is compared with the checked-in <c>sdk/DigiHelsestasjon.Epj.Sdk/PublicAPI.txt</c>.
/// A deliberate change: run with <c>UPDATE_PUBLIC_API=1</c>, review the diff, and bump the version (semver).</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void Given_the_SDK_When_its_public_surface_is_listed_Then_it_equals_the_checked_in_snapshot()
    {
        var actual = Describe(typeof(IEpjConnector).Assembly);
        var path = Path.Combine(RepositoryRoot(), "sdk", "DigiHelsestasjon.Epj.Sdk", "PublicAPI.txt");
        if (Environment.GetEnvironmentVariable("UPDATE_PUBLIC_API") == "1")
        {
            File.WriteAllText(path, actual);
        }

        File.Exists(path).ShouldBeTrue($"No snapshot at {path}; run the tests with UPDATE_PUBLIC_API=1 once.");
        actual.ShouldBe(File.ReadAllText(path), "The SDK's public API changed. If on purpose, run with UPDATE_PUBLIC_API=1 and bump the version.");
    }

    internal static string Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var kind = type.IsInterface ? "interface" : type.IsEnum ? "enum" : type.IsValueType ? "struct" : type.IsAbstract && type.IsSealed ? "static class" : type.IsAbstract ? "abstract class" : type.IsSealed ? "sealed class" : "class";
            var bases = new[] { type.BaseType }.Where(b => b is not null && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum)).Concat(type.GetInterfaces().Where(i => !i.Name.StartsWith("IEquatable", StringComparison.Ordinal)))
                .Select(t => Name(t!)).ToList();
            lines.Add($"{kind} {type.FullName}{(bases.Count > 0 ? " : " + string.Join(", ", bases) : "")}");
            if (type.IsEnum)
            {
                lines.AddRange(Enum.GetNames(type).Select(n => $"  {n} = {Convert.ToInt64(Enum.Parse(type, n), System.Globalization.CultureInfo.InvariantCulture)}"));
                continue;
            }

            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var members = type.GetMembers(flags)
                .Where(m => m is not MethodInfo { IsSpecialName: true } && !m.Name.StartsWith('<'))
                .Select(Describe)
                .Order(StringComparer.Ordinal);
            lines.AddRange(members.Select(m => "  " + m));
        }

        return string.Join("\n", lines) + "\n";
    }

    private static string Describe(MemberInfo member) => member switch
    {
        ConstructorInfo c => $"ctor({Parameters(c)})",
        MethodInfo m => $"{(m.IsStatic ? "static " : "")}{Name(m.ReturnType)} {m.Name}({Parameters(m)})",
        PropertyInfo p => $"{(p.GetMethod?.IsStatic == true ? "static " : "")}{Name(p.PropertyType)} {p.Name} {{ {(p.GetMethod?.IsPublic == true ? "get; " : "")}{(p.SetMethod?.IsPublic == true ? (p.SetMethod.ReturnParameter.GetRequiredCustomModifiers().Any(t => t.Name == "IsExternalInit") ? "init; " : "set; ") : "")}}}",
        FieldInfo f => $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : "")}{Name(f.FieldType)} {f.Name}{(f.IsLiteral ? " = " + f.GetRawConstantValue() : "")}",
        EventInfo e => $"event {Name(e.EventHandlerType!)} {e.Name}",
        Type t => $"nested {t.Name}",
        _ => member.ToString() ?? member.Name,
    };

    private static string Parameters(MethodBase method) =>
        string.Join(", ", method.GetParameters().Select(p => $"{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : "")}"));

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
