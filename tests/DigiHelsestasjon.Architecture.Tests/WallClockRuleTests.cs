using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Architecture.Tests;

public sealed class WallClockRuleTests
{
    [Fact]
    public void Given_the_repository_When_its_code_is_read_Then_no_wall_clock_is_read_outside_the_allow_list()
    {
        WallClockRule.Violations(ProjectGraph.RepositoryRoot()).ShouldBeEmpty();
    }

    [Fact]
    public void Given_a_module_that_reads_the_wall_clock_When_checked_Then_the_rule_names_the_line()
    {
        var root = System.IO.Directory.CreateTempSubdirectory("arch-clock-").FullName;
        Write(root, "modules/Fake/DigiHelsestasjon.Fake/Clocked.cs", "class Clocked { System.DateTime At = System.DateTime.UtcNow; }");
        Write(root, "simulators/Fake/Local.cs", "class Local { object At = System.DateTimeOffset.Now; }");
        Write(root, "modules/Fake/DigiHelsestasjon.Fake/Injected.cs", "class Injected(System.TimeProvider time) { object At => time.GetUtcNow(); }");
        Write(root, "tests/Fake/TestsMay.cs", "class TestsMay { object At = System.DateTime.UtcNow; }");
        Write(root, "sdk/DigiHelsestasjon.Epj.Sdk/Http/SignedJsonChannel.cs", "class Allowed { object At = System.DateTimeOffset.UtcNow; }");

        var violations = WallClockRule.Violations(root).ToList();

        violations.Count.ShouldBe(2);
        violations.ShouldContain(v => v.StartsWith("modules/Fake/DigiHelsestasjon.Fake/Clocked.cs:1:", StringComparison.Ordinal));
        violations.ShouldContain(v => v.StartsWith("simulators/Fake/Local.cs:1:", StringComparison.Ordinal));
    }

    private static void Write(string root, string path, string text)
    {
        var full = Path.Combine(root, path);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }
}
