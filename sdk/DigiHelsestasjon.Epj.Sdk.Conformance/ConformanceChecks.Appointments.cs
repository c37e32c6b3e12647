using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace DigiHelsestasjon.Epj.Sdk.Conformance
{
    // Appointments: planned ones answered in time, versions that increase.
    public static partial class ConformanceChecks
    {
        /// <summary>Planned appointments answer within the declared limit.</summary>
        public static async Task Synchronous_calls_answer_within_the_time_limit(ConformanceContext context, CancellationToken cancellationToken)
        {
            var capabilities = await context.Connector.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
            var now = context.Clock();
            var watch = Stopwatch.StartNew();
            var appointments = await context.Connector.GetPlannedAppointmentsAsync(
                new PlannedAppointmentsQuery { PatientPid = context.Patients.KnownPatientPid, From = now.AddDays(-30), To = now.AddDays(365) },
                cancellationToken).ConfigureAwait(false);
            watch.Stop();
            Expect(appointments is not null, "planned appointments answered null");
            Expect(watch.ElapsedMilliseconds <= capabilities.SynchronousTimeLimitMs,
                $"planned appointments took {watch.ElapsedMilliseconds} ms, over the declared {capabilities.SynchronousTimeLimitMs} ms");
        }

        /// <summary>Each change is published with a higher version, so a late older one can be recognised.</summary>
        public static async Task Appointment_versions_increase_with_every_change(ConformanceContext context, CancellationToken cancellationToken)
        {
            var (journal, platform) = NeedJournal(context);
            var start = context.Clock().AddDays(14);
            var id = await journal.BookAppointmentAsync(context.Patients.KnownPatientPid, context.Patients.UnitHerId, start, "Konsultasjon", cancellationToken).ConfigureAwait(false);
            await journal.ChangeAppointmentAsync(id, start.AddHours(1), cancellationToken).ConfigureAwait(false);
            await journal.ChangeAppointmentAsync(id, start.AddHours(2), cancellationToken).ConfigureAwait(false);
            var created = await platform.WaitForAsync<AppointmentPublished>(a => a.Appointment.AppointmentId == id && a.Change == AppointmentChange.Created, context.EventualTimeout, "the booked appointment").ConfigureAwait(false);
            var first = await platform.WaitForAsync<AppointmentPublished>(a => a.Appointment.AppointmentId == id && a.Appointment.Start == start.AddHours(1), context.EventualTimeout, "the first change").ConfigureAwait(false);
            var second = await platform.WaitForAsync<AppointmentPublished>(a => a.Appointment.AppointmentId == id && a.Appointment.Start == start.AddHours(2), context.EventualTimeout, "the second change").ConfigureAwait(false);
            Expect(created.Appointment.Version < first.Appointment.Version && first.Appointment.Version < second.Appointment.Version,
                $"versions do not increase with the changes: created {created.Appointment.Version}, first change {first.Appointment.Version}, second change {second.Appointment.Version}");
            Expect(new[] { created, first, second }.Select(m => m.MessageId).Distinct().Count() == 3, "two versions share a MessageId");
        }
    }
}
