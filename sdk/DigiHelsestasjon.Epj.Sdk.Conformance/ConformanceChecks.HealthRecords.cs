using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace DigiHelsestasjon.Epj.Sdk.Conformance
{
    // The optional health-record processes (vaccinations, test results).
    public static partial class ConformanceChecks
    {
        /// <summary>Optional (declared <see cref="EpjProcess.Vaccinations"/> or <see cref="EpjProcess.TestResults"/>): the known patient's
        /// entries within the time limit, each with an id and a name; nothing for a patient the journal does not hold.</summary>
        public static async Task Declared_health_records_answer_within_the_time_limit(ConformanceContext context, CancellationToken cancellationToken)
        {
            var capabilities = await context.Connector.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
            var declared = new[] { EpjProcess.Vaccinations, EpjProcess.TestResults }.Where(capabilities.Supports).ToList();
            if (declared.Count == 0)
            {
                throw new ConformanceSkipped("Health records are not declared; the platform never asks for them.");
            }

            var records = context.Connector as IEpjHealthRecords
                ?? throw new ConformanceFailure($"{string.Join("/", declared)} is declared, but the connector ({context.Connector.GetType().Name}) does not implement IEpjHealthRecords.");
            foreach (var process in declared)
            {
                Func<string, Task<IReadOnlyList<HealthRecordEntry>>> ask = process == EpjProcess.Vaccinations
                    ? pid => records.GetVaccinationsAsync(pid, cancellationToken)
                    : pid => records.GetTestResultsAsync(pid, cancellationToken);
                var watch = Stopwatch.StartNew();
                var entries = await ask(context.Patients.KnownPatientPid).ConfigureAwait(false);
                watch.Stop();
                Expect(entries is not null, $"{process} answered null for the known patient");
                Expect(watch.ElapsedMilliseconds <= capabilities.SynchronousTimeLimitMs,
                    $"{process} took {watch.ElapsedMilliseconds} ms, over the declared {capabilities.SynchronousTimeLimitMs} ms");
                Expect(entries!.All(e => !string.IsNullOrEmpty(e.EntryId) && !string.IsNullOrWhiteSpace(e.Name)), $"an entry of {process} has no id or no name");
                var unknown = await ask(context.Patients.UnknownPatientPid).ConfigureAwait(false);
                Expect(unknown is not null && unknown.Count == 0, $"{process} answered {unknown?.Count} entries for a patient the journal does not hold");
            }
        }
    }
}
