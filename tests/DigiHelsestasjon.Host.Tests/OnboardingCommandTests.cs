using System.Diagnostics;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Testing;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>The onboarding commands an operator runs at the server: the host's own executable, a database of its own.</summary>
public sealed class OnboardingCommandTests
{
    [Fact]
    public async Task Given_an_operator_at_the_server_When_onboarding_from_the_command_line_Then_good_input_is_applied_and_bad_input_is_named_with_a_failing_exit_code()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var created = await RunAsync(database, "onboard", "municipality", "9964", "Kommandoby kommune");
        var again = await RunAsync(database, "onboard", "municipality", "9964", "Kommandoby kommune");
        var unit = await RunAsync(database, "onboard", "unit", "9964", "996401", "school-health", "Kommandoby skole", "Skoleveien 1");
        var bad = await RunAsync(database, "onboard", "unit", "9964", "996402", "clinic", "Kommandoby klinikk", "Torget 1");
        var usage = await RunAsync(database, "onboard", "promote", "not-a-guid");

        (created.ExitCode, created.Output).ShouldBe((0, "Municipality 9964 created."));
        again.Output.ShouldBe("Municipality 9964 exists already.");
        unit.ExitCode.ShouldBe(0);
        unit.Output.ShouldStartWith("Unit ");
        (bad.ExitCode, bad.Error).ShouldBe((1, "type: One of health-station, school-health, youth-clinic."));
        usage.ExitCode.ShouldBe(2);
        usage.Error.ShouldContain("usage: onboard");
    }

    [Fact]
    public async Task Given_an_operator_at_the_server_When_the_command_line_is_wrong_or_help_is_asked_Then_the_exit_code_and_usage_say_so()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var help = await RunAsync(database, "--help");
        var typo = await RunAsync(database, "migrat");
        var badState = await RunAsync(database, "queue", "list", "--state", "bogus");
        var migrated = await RunAsync(database, "migrate");
        var migratedAgain = await RunAsync(database, "migrate");
        var listed = await RunAsync(database, "queue", "list", "epj-delivery", "--state", "dead-lettered");
        var noQueue = await RunAsync(database, "queue", "requeue", "nosuch", Guid.NewGuid().ToString());

        help.ExitCode.ShouldBe(0);
        help.Output.ShouldContain("onboard");
        (typo.ExitCode, typo.Error).ShouldSatisfyAllConditions(t => t.ExitCode.ShouldBe(2), t => t.Error.ShouldContain("'migrat'"), t => t.Error.ShouldContain("usage:"));
        badState.ExitCode.ShouldBe(2);
        badState.Error.ShouldContain("'bogus'");
        badState.Error.ShouldContain("usage: queue list [QUEUE] [--state STATE]");
        migrated.ExitCode.ShouldBe(0);
        migrated.Output.ShouldStartWith("Database migrated: ");
        migrated.Output.ShouldContain("youthchat (");
        (migratedAgain.ExitCode, migratedAgain.Output).ShouldBe((0, "Nothing to migrate: every schema was at this build's latest migration."));
        (listed.ExitCode, listed.Output).ShouldBe((0, "epj-delivery: 0 due, 0 in flight, 0 scheduled, 0 dead-lettered"));
        noQueue.ExitCode.ShouldBe(2);
        noQueue.Error.ShouldStartWith("No queue 'nosuch'; the queues are: outbox, epj-delivery");
    }

    [Fact]
    public async Task Given_a_database_that_cannot_be_opened_When_an_operator_migrates_Then_the_command_exits_1_with_the_reason_in_one_line()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var failed = await RunAsync(database, "migrate", "--Database:ConnectionString", "Data Source=/proc/no-such-folder/digihelsestasjon.db");

        failed.ExitCode.ShouldBe(1);
        failed.Error.ShouldStartWith("migrate failed: ");
        failed.Error.ShouldContain("/proc/no-such-folder");
        failed.Error.ShouldNotContain("   at ", customMessage: "a reason, not a stack trace");
        failed.Output.ShouldBeEmpty();
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(TestDatabase database, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        // The test's own database unless the command names another (the last setting of a key wins).
        var connection = args.Contains("--Database:ConnectionString") ? Array.Empty<string>() : new[] { "--Database:ConnectionString", database.ConnectionString };
        foreach (var setting in new[] { "--environment", "Development", "--urls", "http://127.0.0.1:0", "--Database:Provider", "Sqlite", "--Logging:LogLevel:Default", "None" }.Concat(connection))
        {
            start.ArgumentList.Add(setting);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await output).Trim(), (await error).Trim());
    }
}
