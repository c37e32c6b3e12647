using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace DigiHelsestasjon.Epj.Sdk.Conformance
{
    // The cancellation process: accepted, refused with a reason, or held for staff (contract 1.1).
    public static partial class ConformanceChecks
    {
        /// <summary>A cancellation ends cancelled: at once, or after the health service accepts it.</summary>
        public static async Task Cancellation_is_accepted(ConformanceContext context, CancellationToken cancellationToken)
        {
            var (journal, platform) = NeedJournal(context);
            var capabilities = await context.Connector.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
            var id = await journal.BookAppointmentAsync(context.Patients.KnownPatientPid, context.Patients.UnitHerId, context.Clock().AddDays(7), "Konsultasjon", cancellationToken).ConfigureAwait(false);
            var request = NewCancellation(context, id);
            var ack = await context.Connector.RequestCancellationAsync(request, cancellationToken).ConfigureAwait(false);
            var outcome = await OutcomeOfAsync(context, request.MessageId, ack).ConfigureAwait(false);
            if (capabilities.CancellationMode == CancellationMode.NeedsApproval)
            {
                Expect(outcome.Kind == OutcomeKind.PendingManualReview, $"a cancellation that needs approval was answered {outcome.Kind}");
                await journal.DecideCancellationAsync(id, true, null, cancellationToken).ConfigureAwait(false);
                var decision = await platform.WaitForAsync<CancellationDecided>(d => d.CancellationMessageId == request.MessageId, context.EventualTimeout, "the cancellation decision").ConfigureAwait(false);
                Expect(decision.Accepted && decision.AppointmentId == id, "the decision does not accept the cancellation of this appointment");
            }
            else
            {
                Expect(outcome.Kind == OutcomeKind.Journaled, $"an immediate cancellation seven days ahead was answered {outcome.Kind}: {outcome.Reason}");
            }

            await platform.WaitForAsync<AppointmentPublished>(a => a.Appointment.AppointmentId == id && a.Change == AppointmentChange.Cancelled, context.EventualTimeout, "the cancelled appointment").ConfigureAwait(false);
        }

        /// <summary>A cancellation the journal cannot honour is refused with a reason the citizen can read.</summary>
        public static async Task Cancellation_is_refused_with_a_reason(ConformanceContext context, CancellationToken cancellationToken)
        {
            var (journal, platform) = NeedJournal(context);
            var capabilities = await context.Connector.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
            var cancelledByStaff = await journal.BookAppointmentAsync(context.Patients.KnownPatientPid, context.Patients.UnitHerId, context.Clock().AddDays(9), "Konsultasjon", cancellationToken).ConfigureAwait(false);
            await journal.CancelAppointmentAsync(cancelledByStaff, cancellationToken).ConfigureAwait(false);
            var late = NewCancellation(context, cancelledByStaff);
            var outcome = await OutcomeOfAsync(context, late.MessageId, await context.Connector.RequestCancellationAsync(late, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            Expect(outcome.Kind == OutcomeKind.Refused && !string.IsNullOrWhiteSpace(outcome.Reason),
                $"cancelling an appointment the health service already cancelled was answered {outcome.Kind} with reason '{outcome.Reason}'");

            if (capabilities.CancellationMode == CancellationMode.NeedsApproval)
            {
                var id = await journal.BookAppointmentAsync(context.Patients.KnownPatientPid, context.Patients.UnitHerId, context.Clock().AddDays(10), "Konsultasjon", cancellationToken).ConfigureAwait(false);
                var request = NewCancellation(context, id);
                await context.Connector.RequestCancellationAsync(request, cancellationToken).ConfigureAwait(false);
                await journal.DecideCancellationAsync(id, false, "Timen kan ikke flyttes denne uken.", cancellationToken).ConfigureAwait(false);
                var decision = await platform.WaitForAsync<CancellationDecided>(d => d.CancellationMessageId == request.MessageId, context.EventualTimeout, "the refusal").ConfigureAwait(false);
                Expect(!decision.Accepted && !string.IsNullOrWhiteSpace(decision.Reason), "the refusal does not refuse, or gives no reason");
            }
        }

        /// <summary>Contract 1.1: a cancellation with <see cref="CancellationRequest.RequiresApproval"/> is held for staff
        /// (PendingManualReview, the appointment still booked) and decided later with <see cref="CancellationDecided"/>.</summary>
        public static async Task Cancellation_requiring_approval_waits_for_staff(ConformanceContext context, CancellationToken cancellationToken)
        {
            var capabilities = await context.Connector.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
            if (capabilities.CancellationMode == CancellationMode.Immediate && !EpjContract.UnderstandsRequiresApproval(capabilities.ContractVersions))
            {
                throw new ConformanceSkipped(
                    $"The journal speaks contract [{string.Join(", ", capabilities.ContractVersions)}], not {EpjContract.RequiresApprovalVersion}: it may ignore RequiresApproval, so the platform "
                    + "refuses to send it cancellations in a municipality where staff decide.");
            }

            var (journal, platform) = NeedJournal(context);
            var id = await journal.BookAppointmentAsync(context.Patients.KnownPatientPid, context.Patients.UnitHerId, context.Clock().AddDays(8), "Konsultasjon", cancellationToken).ConfigureAwait(false);
            var request = NewCancellation(context, id) with { RequiresApproval = true };
            var outcome = await OutcomeOfAsync(context, request.MessageId, await context.Connector.RequestCancellationAsync(request, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            Expect(outcome.Kind == OutcomeKind.PendingManualReview,
                $"a cancellation with RequiresApproval = true was answered {outcome.Kind}, not PendingManualReview: the municipality wants staff to decide, the journal must not cancel at once");
            var now = context.Clock();
            var planned = await context.Connector.GetPlannedAppointmentsAsync(
                new PlannedAppointmentsQuery { PatientPid = context.Patients.KnownPatientPid, From = now, To = now.AddDays(30) }, cancellationToken).ConfigureAwait(false);
            Expect(planned.Any(a => a.AppointmentId == id && a.Status == AppointmentStatus.Booked),
                "after a cancellation that waits for staff, the appointment is no longer answered as booked among the planned appointments");
            await journal.DecideCancellationAsync(id, true, null, cancellationToken).ConfigureAwait(false);
            var decision = await platform.WaitForAsync<CancellationDecided>(d => d.CancellationMessageId == request.MessageId, context.EventualTimeout, "the staff's decision").ConfigureAwait(false);
            Expect(decision.Accepted && decision.AppointmentId == id, "the staff's decision does not accept the cancellation of this appointment");
        }
    }
}
