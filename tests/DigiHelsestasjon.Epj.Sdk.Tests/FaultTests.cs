using DigiHelsestasjon.Epj.Sdk.Conformance;
using DigiHelsestasjon.Epj.Sdk.Testing;
using DigiHelsestasjon.Simulators.Epj;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Epj.Sdk.Tests;

public sealed class FaultTests(CgmOverHttp fixture) : IClassFixture<CgmOverHttp>
{
    [Fact]
    public async Task Given_a_journal_set_to_fail_When_called_over_HTTP_Then_the_platform_sees_a_transport_failure_and_nothing_is_journaled()
    {
        fixture.Journal.Faults = new EpjFaults { ErrorRate = 1 };
        try
        {
            var message = ConformanceChecks.NewMessage(fixture.Context);

            await Should.ThrowAsync<EpjTransportException>(fixture.Context.Connector.DeliverMessageAsync(message, CancellationToken.None));

            (await fixture.Journal.CountEntriesAsync(message.MessageId, CancellationToken.None)).ShouldBe(0);
        }
        finally
        {
            fixture.Journal.Faults = new EpjFaults();
        }
    }
}
