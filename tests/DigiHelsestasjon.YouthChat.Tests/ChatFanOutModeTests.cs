using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.YouthChat.RealTime;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.YouthChat.Tests;

/// <summary>Which fan-out each database gets, and that one it cannot do is refused at start-up with what would work.</summary>
public sealed class ChatFanOutModeTests
{
    [Theory]
    [InlineData(DatabaseProvider.Postgres, null, ChatFanOutMode.Notify)]
    [InlineData(DatabaseProvider.SqlServer, null, ChatFanOutMode.Table)]
    [InlineData(DatabaseProvider.Sqlite, null, ChatFanOutMode.None)]
    [InlineData(DatabaseProvider.Postgres, "Table", ChatFanOutMode.Table)]
    [InlineData(DatabaseProvider.SqlServer, "none", ChatFanOutMode.None)]
    internal void Given_a_database_and_a_setting_When_the_fan_out_is_chosen_Then_it_is_the_database_s_default_or_the_one_asked_for(
        DatabaseProvider provider, string? configured, ChatFanOutMode expected) =>
        ChatFanOut.ModeFor(provider, configured).ShouldBe(expected);

    [Theory]
    [InlineData(DatabaseProvider.SqlServer, "notify")]
    [InlineData(DatabaseProvider.Sqlite, "table")]
    [InlineData(DatabaseProvider.Postgres, "carrier-pigeon")]
    public void Given_a_fan_out_the_database_cannot_do_When_the_host_starts_Then_it_is_refused_naming_what_works(DatabaseProvider provider, string configured)
    {
        var refused = Should.Throw<InvalidOperationException>(() => ChatFanOut.ModeFor(provider, configured));

        refused.Message.ShouldContain($"Modules:YouthChat:FanOut '{configured}' does not work on {provider}");
        refused.Message.ShouldContain("'table' (PostgreSQL, SQL Server)");
    }
}
