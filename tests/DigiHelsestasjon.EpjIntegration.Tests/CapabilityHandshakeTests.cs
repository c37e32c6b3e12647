using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.EpjIntegration.Outbound;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.EpjIntegration.Tests;

/// <summary>The capability handshake is asked once per connection and shared. Found in review: a caller that stopped
/// waiting (its own time limit) dropped the shared handshake, so the next caller started a second one beside it.</summary>
public sealed class CapabilityHandshakeTests
{
    private static readonly EpjConnection Connection = new("slow", "in-process", null, "installation-1");

    [Fact]
    public async Task Given_a_slow_journal_When_one_caller_gives_up_waiting_Then_the_next_gets_the_same_handshakes_answer_and_the_journal_is_asked_once()
    {
        var journal = new HandshakeJournal();
        var connectors = Factory(journal);

        using var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Should.ThrowAsync<OperationCanceledException>(() => connectors.CapabilitiesAsync(Connection, impatient.Token));
        var patient = connectors.CapabilitiesAsync(Connection, CancellationToken.None);
        journal.Answer.SetResult(new EpjCapabilities { Product = "Slow 1.0" });

        (await patient).Product.ShouldBe("Slow 1.0");
        (await connectors.CapabilitiesAsync(Connection, CancellationToken.None)).Product.ShouldBe("Slow 1.0");
        journal.Asked.ShouldBe(1);
    }

    [Fact]
    public async Task Given_a_handshake_that_failed_When_the_next_caller_asks_Then_the_journal_is_asked_again()
    {
        var journal = new HandshakeJournal();
        var connectors = Factory(journal);
        journal.Answer.SetException(new EpjTransportException("refused"));
        await Should.ThrowAsync<EpjTransportException>(() => connectors.CapabilitiesAsync(Connection, CancellationToken.None));

        journal.Answer = new TaskCompletionSource<EpjCapabilities>();
        journal.Answer.SetResult(new EpjCapabilities { Product = "Back 1.0" });

        (await connectors.CapabilitiesAsync(Connection, CancellationToken.None)).Product.ShouldBe("Back 1.0");
        journal.Asked.ShouldBe(2);
    }

    private static EpjConnectorFactory Factory(HandshakeJournal journal)
    {
        var services = new ServiceCollection().AddHttpClient().AddKeyedSingleton<IEpjConnector>("slow", journal).BuildServiceProvider();
        return new EpjConnectorFactory(services, services.GetRequiredService<IHttpClientFactory>(), new EpjInstallations(new ConfigurationBuilder().Build()), TimeProvider.System);
    }

    private sealed class HandshakeJournal : IEpjConnector
    {
        private int asked;

        public TaskCompletionSource<EpjCapabilities> Answer { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Asked => asked;

        public Task<EpjCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref asked);
            return Answer.Task;
        }

        public Task<EpjAcknowledgement> DeliverMessageAsync(CitizenMessage message, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<EpjAcknowledgement> RequestCancellationAsync(CancellationRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<EpjAppointment>> GetPlannedAppointmentsAsync(PlannedAppointmentsQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
