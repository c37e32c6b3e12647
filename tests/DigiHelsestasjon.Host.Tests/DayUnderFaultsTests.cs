using DigiHelsestasjon.Testing;
using DigiHelsestasjon.Testing.DayUnderFaults;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>The short day under faults (issue 33; the full day is <c>./build.sh bench --bench-args=day-under-faults</c>):
/// three hosts behind nginx on a PostgreSQL of their own, the simulators host, and every fault of the day in about two
/// minutes. Only on PostgreSQL: several hosts cannot share the embedded SQLite file.</summary>
public sealed class DayUnderFaultsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Given_three_hosts_behind_one_address_When_a_host_dies_the_database_restarts_a_journal_goes_silent_and_SMS_refuses_Then_everything_accepted_happens_exactly_once()
    {
        Cluster.Missing().ShouldBeNull("the day runs the repository's scripts/cluster.sh (.ci/run installs what it needs)");
        var result = await DayUnderFaultsScenario.RunAsync(
#if DEBUG
            "Debug",
#else
            "Release",
#endif
            new DayUnderFaultsOptions { Duration = TimeSpan.FromSeconds(100), Guardians = 3, YouthChats = 1, Settle = TimeSpan.FromMinutes(3) });
        output.WriteLine(result.Report);
        result.Violations.ShouldBeEmpty(result.Report);
    }
}
