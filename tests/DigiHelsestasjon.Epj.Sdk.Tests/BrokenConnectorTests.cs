using DigiHelsestasjon.Epj.Sdk.Conformance;
using DigiHelsestasjon.Epj.Sdk.Testing;
using DigiHelsestasjon.Simulators.Epj;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Epj.Sdk.Tests;

/// <summary>A connector that ignores MessageId: every delivery is journaled as new. It answers with the
/// caller's id, so only the idempotency checks can catch it.</summary>
internal sealed class IgnoresMessageIdConnector(IEpjConnector inner) : IEpjConnector
{
    // It implements no optional interface, so it declares none.
    public async Task<EpjCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken) =>
        await inner.GetCapabilitiesAsync(cancellationToken) is var declared
            ? declared with { Processes = [.. declared.Processes.Where(p => p is EpjProcess.CitizenMessage or EpjProcess.Cancellation or EpjProcess.PlannedAppointments)] }
            : null!;

    public async Task<EpjAcknowledgement> DeliverMessageAsync(CitizenMessage message, CancellationToken cancellationToken)
    {
        var ack = await inner.DeliverMessageAsync(message with { MessageId = Guid.NewGuid() }, cancellationToken);
        return ack with
        {
            MessageId = message.MessageId,
            Receipt = ack.Receipt is null ? null : ack.Receipt with { OriginalMessageId = message.MessageId },
            Outcome = ack.Outcome is null ? null : ack.Outcome with { OriginalMessageId = message.MessageId },
        };
    }

    public Task<EpjAcknowledgement> RequestCancellationAsync(CancellationRequest request, CancellationToken cancellationToken) => inner.RequestCancellationAsync(request, cancellationToken);

    public Task<IReadOnlyList<EpjAppointment>> GetPlannedAppointmentsAsync(PlannedAppointmentsQuery query, CancellationToken cancellationToken) => inner.GetPlannedAppointmentsAsync(query, cancellationToken);
}

public sealed class BrokenConnectorTests(VismaInProcess fixture) : IClassFixture<VismaInProcess>
{
    [Fact]
    public async Task Given_a_connector_that_ignores_MessageId_When_the_kit_runs_Then_exactly_the_idempotency_checks_fail()
    {
        var context = fixture.Context with { Connector = new IgnoresMessageIdConnector(fixture.Journal) };

        var results = await ConformanceRunner.RunAsync(context);

        results.Where(r => r.Verdict == ConformanceVerdict.Failed).Select(r => r.Check).Order().ShouldBe(
        [
            nameof(ConformanceChecks.Duplicate_delivery_is_answered_with_the_original_result),
            nameof(ConformanceChecks.Redelivery_after_a_lost_acknowledgement_is_journaled_once),
        ]);
        results.Single(r => r.Check == nameof(ConformanceChecks.Duplicate_delivery_is_answered_with_the_original_result)).Message!.ShouldContain("journal");
    }

    [Fact]
    public async Task Given_a_check_on_the_skip_list_When_the_kit_runs_Then_it_is_reported_skipped_not_passed()
    {
        var results = await ConformanceRunner.RunAsync(fixture.Context, [nameof(ConformanceChecks.Messages_over_the_size_limit_are_refused)]);

        results.Single(r => r.Check == nameof(ConformanceChecks.Messages_over_the_size_limit_are_refused)).Verdict.ShouldBe(ConformanceVerdict.Skipped);
        results.Where(r => r.Verdict == ConformanceVerdict.Failed).ShouldBeEmpty();
    }

    [Fact]
    public async Task Given_no_test_journal_When_the_kit_runs_against_a_live_connection_Then_the_staff_checks_are_skipped_with_a_reason()
    {
        var results = await ConformanceRunner.RunAsync(fixture.Context with { Journal = null });

        var staffChecks = ConformanceChecks.All.Where(c => c.NeedsTestJournal).Select(c => c.Name).ToList();
        results.Where(r => staffChecks.Contains(r.Check)).ShouldAllBe(r => r.Verdict == ConformanceVerdict.Skipped && r.Message!.Contains("test journal"));
        results.Where(r => !staffChecks.Contains(r.Check)).ShouldAllBe(r => r.Verdict == ConformanceVerdict.Passed || (r.Verdict == ConformanceVerdict.Skipped && r.Message!.Contains("not declared")));
    }
}

/// <summary>A vendor's skip list shows in the xunit report as skipped.</summary>
public sealed class VismaWithSkipList() : InProcessSimulatorFixture(VendorProfile.Visma)
{
    public override IReadOnlyCollection<string> SkippedTests => [nameof(ConformanceChecks.Synchronous_calls_answer_within_the_time_limit)];
}

public sealed class SkipListShowsAsSkipped(VismaWithSkipList fixture) : IClassFixture<VismaWithSkipList>
{
    [Fact]
    public async Task Given_a_skip_list_When_the_xunit_test_runs_Then_it_throws_the_skip_that_xunit_reports_as_skipped()
    {
        var tests = new VismaSkipping(fixture);

        await Should.ThrowAsync<ConformanceSkipped>(tests.Synchronous_calls_answer_within_the_time_limit());
        await tests.Unknown_patient_answers_E35();
    }

    private sealed class VismaSkipping(VismaWithSkipList fixture) : EpjConnectorConformanceTests<VismaWithSkipList>(fixture);
}
