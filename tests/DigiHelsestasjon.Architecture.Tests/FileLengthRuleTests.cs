using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Architecture.Tests;

public sealed class FileLengthRuleTests
{
    [Fact]
    public void Given_the_repository_When_its_production_files_are_counted_Then_none_is_over_the_limit()
    {
        FileLengthRule.Violations(ProjectGraph.RepositoryRoot()).ShouldBeEmpty(
            $"split a file over {FileLengthRule.MaxLines} lines by what it does");
    }

    [Fact]
    public void Given_long_files_When_checked_Then_the_rule_names_production_files_only_and_leaves_out_migrations_and_tests()
    {
        var root = System.IO.Directory.CreateTempSubdirectory("arch-length-").FullName;
        var tooLong = string.Join('\n', Enumerable.Repeat("// line", FileLengthRule.MaxLines + 1));
        var atTheLimit = string.Join('\n', Enumerable.Repeat("// line", FileLengthRule.MaxLines));
        Write(root, "modules/Fake/DigiHelsestasjon.Fake/Long.cs", tooLong);
        Write(root, "sdk/DigiHelsestasjon.Epj.Sdk/AtTheLimit.cs", atTheLimit);
        Write(root, "modules/Fake/DigiHelsestasjon.Fake/Migrations/Postgres/Generated.cs", tooLong);
        Write(root, "simulators/Fake/obj/Debug/Generated.cs", tooLong);
        Write(root, "tests/Fake/LongTest.cs", tooLong);

        var violations = FileLengthRule.Violations(root).ToList();

        violations.ShouldBe([$"modules/Fake/DigiHelsestasjon.Fake/Long.cs: {FileLengthRule.MaxLines + 1} lines"]);
    }

    private static void Write(string root, string path, string text)
    {
        var full = Path.Combine(root, path);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }
}
