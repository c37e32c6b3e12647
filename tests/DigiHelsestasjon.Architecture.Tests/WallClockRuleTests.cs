using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Architecture.Tests;

public sealed class WallClockRuleTests
{
    [Fact]
    public void Given_the_repository_When_its_code_is_read_Then_the_wall_clock_ban_is_lifted_only_where_the_allow_list_says_why()
    {
        WallClockRule.Violations(ProjectGraph.RepositoryRoot()).ShouldBeEmpty();
    }

    [Fact]
    public void Given_the_build_When_its_banned_members_are_read_Then_every_wall_clock_read_is_banned_for_the_platforms_code()
    {
        var root = ProjectGraph.RepositoryRoot();
        var banned = File.ReadAllLines(Path.Combine(root, "BannedSymbols.txt")).Select(l => l.Split(';')[0]).ToList();
        banned.ShouldBe(["P:System.DateTime.Now", "P:System.DateTime.UtcNow", "P:System.DateTime.Today", "P:System.DateTimeOffset.Now", "P:System.DateTimeOffset.UtcNow"], ignoreOrder: true);

        var props = File.ReadAllText(Path.Combine(root, "Directory.Build.props"));
        props.ShouldContain("Microsoft.CodeAnalysis.BannedApiAnalyzers");
        props.ShouldContain("BannedSymbols.txt");
        foreach (var folder in WallClockRule.Roots)
        {
            props.ShouldContain($"'/{folder}/'", customMessage: $"code under {folder}/ is built with the ban");
        }
    }

    [Fact]
    public void Given_a_module_that_lifts_the_ban_When_checked_Then_the_rule_names_the_line()
    {
        var root = System.IO.Directory.CreateTempSubdirectory("arch-clock-").FullName;
        Write(root, "modules/Fake/DigiHelsestasjon.Fake/Clocked.cs", "#pragma warning disable RS0030 // it is only a log line\nclass Clocked { System.DateTime At = System.DateTime.UtcNow; }");
        Write(root, "sdk/DigiHelsestasjon.Epj.Sdk/Http/SignedJsonChannel.cs", "#pragma warning disable RS0030\nclass Allowed { object At = System.DateTimeOffset.UtcNow; }");
        Write(root, "sdk/DigiHelsestasjon.Epj.Sdk/Http/EpjConnectorRequestHandler.cs", "#pragma warning disable RS0030 // the vendor's default\nclass Allowed { object At = System.DateTimeOffset.UtcNow; }");
        Write(root, "tests/Fake/TestsMay.cs", "#pragma warning disable RS0030\nclass TestsMay { object At = System.DateTime.UtcNow; }");

        var violations = WallClockRule.Violations(root).ToList();

        violations.Count.ShouldBe(2);
        violations.ShouldContain(v => v.StartsWith("modules/Fake/DigiHelsestasjon.Fake/Clocked.cs:1:", StringComparison.Ordinal), "not on the list");
        violations.ShouldContain(v => v.StartsWith("sdk/DigiHelsestasjon.Epj.Sdk/Http/SignedJsonChannel.cs:1:", StringComparison.Ordinal), "no reason given");
    }

    private static void Write(string root, string path, string text)
    {
        var full = Path.Combine(root, path);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }
}
