using System;
using DigiHelsestasjon.Epj.Sdk.Conformance;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace DigiHelsestasjon.Epj.Sdk.Testing
{
    /// <summary>The conformance kit as xunit tests. Derive a class with your fixture and run it:
    /// <code>public sealed class MyConformance(MyFixture fixture) : EpjConnectorConformanceTests&lt;MyFixture&gt;(fixture);</code>
    /// Every test is <c>public virtual</c>: override one only to add to it. To skip a test, name it in
    /// <see cref="EpjConformanceFixture.SkippedTests"/>; it then shows as skipped, never as passed.</summary>
    /// <typeparam name="TFixture">The vendor's fixture.</typeparam>
    public abstract class EpjConnectorConformanceTests<TFixture> : IClassFixture<TFixture>
        where TFixture : EpjConformanceFixture
    {
        /// <summary>Creates the tests.</summary>
        protected EpjConnectorConformanceTests(TFixture fixture)
        {
            Fixture = fixture;
        }

        /// <summary>The vendor's fixture.</summary>
        protected TFixture Fixture { get; }

        /// <summary>See <see cref="ConformanceChecks.Declares_capabilities_the_platform_can_negotiate"/>.</summary>
        [ConformanceFact]
        public virtual Task Declares_capabilities_the_platform_can_negotiate() => RunAsync(nameof(Declares_capabilities_the_platform_can_negotiate));

        /// <summary>See <see cref="ConformanceChecks.Duplicate_delivery_is_answered_with_the_original_result"/>.</summary>
        [ConformanceFact]
        public virtual Task Duplicate_delivery_is_answered_with_the_original_result() => RunAsync(nameof(Duplicate_delivery_is_answered_with_the_original_result));

        /// <summary>See <see cref="ConformanceChecks.Redelivery_after_a_lost_acknowledgement_is_journaled_once"/>.</summary>
        [ConformanceFact]
        public virtual Task Redelivery_after_a_lost_acknowledgement_is_journaled_once() => RunAsync(nameof(Redelivery_after_a_lost_acknowledgement_is_journaled_once));

        /// <summary>See <see cref="ConformanceChecks.Invalid_content_is_refused_as_poison"/>.</summary>
        [ConformanceFact]
        public virtual Task Invalid_content_is_refused_as_poison() => RunAsync(nameof(Invalid_content_is_refused_as_poison));

        /// <summary>See <see cref="ConformanceChecks.Unknown_patient_answers_E35"/>.</summary>
        [ConformanceFact]
        public virtual Task Unknown_patient_answers_E35() => RunAsync(nameof(Unknown_patient_answers_E35));

        /// <summary>See <see cref="ConformanceChecks.Receipts_correlate_to_the_original_message_id"/>.</summary>
        [ConformanceFact]
        public virtual Task Receipts_correlate_to_the_original_message_id() => RunAsync(nameof(Receipts_correlate_to_the_original_message_id));

        /// <summary>See <see cref="ConformanceChecks.Messages_over_the_size_limit_are_refused"/>.</summary>
        [ConformanceFact]
        public virtual Task Messages_over_the_size_limit_are_refused() => RunAsync(nameof(Messages_over_the_size_limit_are_refused));

        /// <summary>See <see cref="ConformanceChecks.Synchronous_calls_answer_within_the_time_limit"/>.</summary>
        [ConformanceFact]
        public virtual Task Synchronous_calls_answer_within_the_time_limit() => RunAsync(nameof(Synchronous_calls_answer_within_the_time_limit));

        /// <summary>See <see cref="ConformanceChecks.The_journaled_outcome_eventually_arrives"/>.</summary>
        [ConformanceFact]
        public virtual Task The_journaled_outcome_eventually_arrives() => RunAsync(nameof(The_journaled_outcome_eventually_arrives));

        /// <summary>See <see cref="ConformanceChecks.Appointment_versions_increase_with_every_change"/>.</summary>
        [ConformanceFact]
        public virtual Task Appointment_versions_increase_with_every_change() => RunAsync(nameof(Appointment_versions_increase_with_every_change));

        /// <summary>See <see cref="ConformanceChecks.Cancellation_is_accepted"/>.</summary>
        [ConformanceFact]
        public virtual Task Cancellation_is_accepted() => RunAsync(nameof(Cancellation_is_accepted));

        /// <summary>See <see cref="ConformanceChecks.Cancellation_is_refused_with_a_reason"/>.</summary>
        [ConformanceFact]
        public virtual Task Cancellation_is_refused_with_a_reason() => RunAsync(nameof(Cancellation_is_refused_with_a_reason));

        /// <summary>See <see cref="ConformanceChecks.Cancellation_requiring_approval_waits_for_staff"/>.</summary>
        [ConformanceFact]
        public virtual Task Cancellation_requiring_approval_waits_for_staff() => RunAsync(nameof(Cancellation_requiring_approval_waits_for_staff));

        /// <summary>See <see cref="ConformanceChecks.Declared_slot_booking_offers_and_reserves_slots"/>.</summary>
        [ConformanceFact]
        public virtual Task Declared_slot_booking_offers_and_reserves_slots() => RunAsync(nameof(Declared_slot_booking_offers_and_reserves_slots));

        /// <summary>See <see cref="ConformanceChecks.Declared_health_records_answer_within_the_time_limit"/>.</summary>
        [ConformanceFact]
        public virtual Task Declared_health_records_answer_within_the_time_limit() => RunAsync(nameof(Declared_health_records_answer_within_the_time_limit));

        /// <summary>See <see cref="ConformanceChecks.Declared_transcripts_are_journaled_once"/>.</summary>
        [ConformanceFact]
        public virtual Task Declared_transcripts_are_journaled_once() => RunAsync(nameof(Declared_transcripts_are_journaled_once));

        /// <summary>Runs the named check: skipped when on the skip list, failed with the check's message.</summary>
        protected async Task RunAsync(string name)
        {
            var check = ConformanceChecks.All.Single(c => c.Name == name);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var result = await ConformanceRunner.RunOneAsync(check, Fixture.Context, Fixture.SkippedTests.Contains(name), timeout.Token).ConfigureAwait(false);
            switch (result.Verdict)
            {
                case ConformanceVerdict.Skipped:
                    throw new ConformanceSkipped(result.Message ?? "Skipped.");
                case ConformanceVerdict.Failed:
                    throw new ConformanceFailure(result.Message ?? "Failed.");
            }
        }
    }
}
