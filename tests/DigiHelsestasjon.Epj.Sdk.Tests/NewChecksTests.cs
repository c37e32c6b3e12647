using System.Diagnostics;
using DigiHelsestasjon.Epj.Sdk.Conformance;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Epj.Sdk.Tests;

/// <summary>A journal as a vendor might get it wrong, one way per flag; otherwise the Visma simulator.</summary>
internal sealed class MisbehavingConnector(IEpjConnector inner) : IEpjConnector, IEpjSlotBooking, IEpjHealthRecords
{
    private readonly HashSet<string> taken = [];
    private readonly Dictionary<Guid, string> reservations = [];

    public IReadOnlyList<string>? ContractVersions { get; init; }

    public IReadOnlyList<EpjProcess> ExtraProcesses { get; init; } = [];

    public bool RejectsEveryMessage { get; init; }

    public bool CancelsAtOnceDespiteApproval { get; init; }

    public bool DoubleBooks { get; init; }

    public bool LeaksOtherPatients { get; init; }

    /// <summary>Answers a reservation journaled with a made-up document reference and publishes no appointment.</summary>
    public bool JournalsWithoutPublishing { get; init; }

    public string UnitHerId { get; init; } = "";

    public async Task<EpjCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken)
    {
        var declared = await inner.GetCapabilitiesAsync(cancellationToken);
        return declared with
        {
            ContractVersions = ContractVersions ?? declared.ContractVersions,
            Processes = [.. declared.Processes.Where(p => p != EpjProcess.YouthChatTranscript), .. ExtraProcesses],
        };
    }

    public Task<EpjAcknowledgement> DeliverMessageAsync(CitizenMessage message, CancellationToken cancellationToken) =>
        RejectsEveryMessage
            ? Task.FromResult(new EpjAcknowledgement
            {
                MessageId = message.MessageId,
                Receipt = ApplicationReceipt.Rejected(message.MessageId, EpjError.Of(EpjErrorCodes.Other, "Journal locked for maintenance.") with { Category = EpjErrorCategory.DataMismatch }),
            })
            : inner.DeliverMessageAsync(message, cancellationToken);

    public Task<EpjAcknowledgement> RequestCancellationAsync(CancellationRequest request, CancellationToken cancellationToken) =>
        inner.RequestCancellationAsync(CancelsAtOnceDespiteApproval ? request with { RequiresApproval = false } : request, cancellationToken);

    public Task<IReadOnlyList<EpjAppointment>> GetPlannedAppointmentsAsync(PlannedAppointmentsQuery query, CancellationToken cancellationToken) =>
        inner.GetPlannedAppointmentsAsync(query, cancellationToken);

    public Task<IReadOnlyList<FreeSlot>> GetFreeSlotsAsync(string unitHerId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var slots = Enumerable.Range(1, 3)
            .Select(i => new FreeSlot { SlotId = $"slot-{i}", UnitHerId = unitHerId, Start = from.AddDays(i), End = from.AddDays(i).AddMinutes(30), AppointmentType = "Konsultasjon" })
            .Where(s => DoubleBooks || !taken.Contains(s.SlotId));
        return Task.FromResult<IReadOnlyList<FreeSlot>>([.. slots]);
    }

    public Task<EpjAcknowledgement> ReserveSlotAsync(SlotReservation reservation, CancellationToken cancellationToken)
    {
        var ok = DoubleBooks || (reservations.TryGetValue(reservation.MessageId, out var slot) ? slot == reservation.SlotId : taken.Add(reservation.SlotId));
        if (ok)
        {
            reservations[reservation.MessageId] = reservation.SlotId;
        }

        return Task.FromResult(new EpjAcknowledgement
        {
            MessageId = reservation.MessageId,
            Receipt = ok ? ApplicationReceipt.Ok(reservation.MessageId) : ApplicationReceipt.Rejected(reservation.MessageId, EpjError.Of(EpjErrorCodes.SlotNotAvailable, "The slot is taken.") with { Category = EpjErrorCategory.DataMismatch }),
            // Held for the health service (a valid answer that needs no published appointment).
            Outcome = !ok ? null
                : JournalsWithoutPublishing ? new BusinessOutcome { OriginalMessageId = reservation.MessageId, Kind = OutcomeKind.Journaled, DocumentReference = "DOC-7" }
                : new BusinessOutcome { OriginalMessageId = reservation.MessageId, Kind = OutcomeKind.PendingManualReview },
        });
    }

    public Task<IReadOnlyList<HealthRecordEntry>> GetVaccinationsAsync(string patientPid, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<HealthRecordEntry>>(LeaksOtherPatients || patientPid != "unknown" ? [new HealthRecordEntry { EntryId = "v1", Name = "MMR", Result = "Dose 1" }] : []);

    public Task<IReadOnlyList<HealthRecordEntry>> GetTestResultsAsync(string patientPid, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<HealthRecordEntry>>([]);
}

public sealed class NewChecksTests(VismaInProcess fixture) : IClassFixture<VismaInProcess>
{
    private async Task<ConformanceResult> RunAsync(string check, MisbehavingConnector connector, bool knownUnknown = false)
    {
        var context = fixture.Context with { Connector = connector };
        if (knownUnknown)
        {
            context = context with { Patients = context.Patients with { UnknownPatientPid = "unknown" } };
        }

        return await ConformanceRunner.RunOneAsync(ConformanceChecks.All.Single(c => c.Name == check), context, skippedByVendor: false);
    }

    [Fact]
    public async Task Given_a_journal_that_rejects_a_valid_message_at_once_When_the_outcome_check_runs_Then_it_fails_at_once_naming_the_rejection()
    {
        var watch = Stopwatch.StartNew();
        var result = await RunAsync(nameof(ConformanceChecks.The_journaled_outcome_eventually_arrives), new MisbehavingConnector(fixture.Journal) { RejectsEveryMessage = true });

        result.Verdict.ShouldBe(ConformanceVerdict.Failed);
        result.Message!.ShouldContain("Journal locked for maintenance");
        watch.Elapsed.ShouldBeLessThan(fixture.Context.EventualTimeout, "a rejection needs no wait for an outcome that never comes");

        var duplicate = await RunAsync(nameof(ConformanceChecks.Duplicate_delivery_is_answered_with_the_original_result), new MisbehavingConnector(fixture.Journal) { RejectsEveryMessage = true });
        duplicate.Message!.ShouldContain("rejected the message in the synchronous answer");
    }

    [Fact]
    public async Task Given_a_1_1_journal_that_cancels_at_once_despite_RequiresApproval_When_checked_Then_it_fails_naming_the_rule()
    {
        var result = await RunAsync(nameof(ConformanceChecks.Cancellation_requiring_approval_waits_for_staff), new MisbehavingConnector(fixture.Journal) { CancelsAtOnceDespiteApproval = true });

        result.Verdict.ShouldBe(ConformanceVerdict.Failed);
        result.Message!.ShouldContain("RequiresApproval = true was answered Journaled");
    }

    [Fact]
    public async Task Given_a_journal_that_honours_RequiresApproval_When_checked_Then_it_passes_and_a_1_0_journal_is_skipped_with_the_reason()
    {
        (await RunAsync(nameof(ConformanceChecks.Cancellation_requiring_approval_waits_for_staff), new MisbehavingConnector(fixture.Journal))).Verdict.ShouldBe(ConformanceVerdict.Passed);

        var old = await RunAsync(nameof(ConformanceChecks.Cancellation_requiring_approval_waits_for_staff), new MisbehavingConnector(fixture.Journal) { ContractVersions = ["1.0"] });
        old.Verdict.ShouldBe(ConformanceVerdict.Skipped);
        old.Message!.ShouldContain("not 1.1");
    }

    [Fact]
    public async Task Given_declared_slot_booking_When_checked_Then_a_journal_that_books_a_slot_twice_fails_and_a_correct_one_passes()
    {
        var processes = new[] { EpjProcess.FreeSlots, EpjProcess.SlotReservation };
        (await RunAsync(nameof(ConformanceChecks.Declared_slot_booking_offers_and_reserves_slots), new MisbehavingConnector(fixture.Journal) { ExtraProcesses = processes }))
            .Verdict.ShouldBe(ConformanceVerdict.Passed);

        var twice = await RunAsync(nameof(ConformanceChecks.Declared_slot_booking_offers_and_reserves_slots), new MisbehavingConnector(fixture.Journal) { ExtraProcesses = processes, DoubleBooks = true });
        twice.Verdict.ShouldBe(ConformanceVerdict.Failed);
        twice.Message!.ShouldContain("booked twice");

        var unpublished = await RunAsync(nameof(ConformanceChecks.Declared_slot_booking_offers_and_reserves_slots), new MisbehavingConnector(fixture.Journal) { ExtraProcesses = processes, JournalsWithoutPublishing = true });
        unpublished.Verdict.ShouldBe(ConformanceVerdict.Failed, "a journaled reservation must publish the appointment its outcome names");
        unpublished.Message!.ShouldContain("DOC-7");
    }

    [Fact]
    public async Task Given_declared_health_records_When_the_journal_answers_for_a_patient_it_does_not_hold_Then_the_check_fails()
    {
        var processes = new[] { EpjProcess.Vaccinations };
        (await RunAsync(nameof(ConformanceChecks.Declared_health_records_answer_within_the_time_limit), new MisbehavingConnector(fixture.Journal) { ExtraProcesses = processes }, knownUnknown: true))
            .Verdict.ShouldBe(ConformanceVerdict.Passed);

        var leaks = await RunAsync(nameof(ConformanceChecks.Declared_health_records_answer_within_the_time_limit), new MisbehavingConnector(fixture.Journal) { ExtraProcesses = processes, LeaksOtherPatients = true }, knownUnknown: true);
        leaks.Verdict.ShouldBe(ConformanceVerdict.Failed);
        leaks.Message!.ShouldContain("for a patient the journal does not hold");
    }

    [Fact]
    public async Task Given_a_declared_capability_the_connector_does_not_implement_When_checked_Then_the_failure_names_the_interface()
    {
        var result = await RunAsync(nameof(ConformanceChecks.Declared_transcripts_are_journaled_once), new MisbehavingConnector(fixture.Journal) { ExtraProcesses = [EpjProcess.YouthChatTranscript] });

        result.Verdict.ShouldBe(ConformanceVerdict.Failed);
        result.Message!.ShouldContain("does not implement IEpjYouthChatTranscripts");
    }
}
