using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace DigiHelsestasjon.Epj.Sdk.Conformance
{
    /// <summary>The result of one check.</summary>
    public enum ConformanceVerdict
    {
        /// <summary>Passed.</summary>
        Passed,

        /// <summary>Failed; see the message.</summary>
        Failed,

        /// <summary>Not run; see the reason.</summary>
        Skipped,
    }

    /// <summary>One line of the report.</summary>
    public sealed record ConformanceResult
    {
        /// <summary>The check's name.</summary>
        public string Check { get; init; } = "";

        /// <summary>Passed, failed or skipped.</summary>
        public ConformanceVerdict Verdict { get; init; }

        /// <summary>Why it failed or was skipped.</summary>
        public string? Message { get; init; }
    }

    /// <summary>Runs the checks outside a test framework, for example as the acceptance test before a
    /// municipality goes to production.</summary>
    public static class ConformanceRunner
    {
        /// <summary>Runs every check not skipped by name, one after another.</summary>
        public static async Task<IReadOnlyList<ConformanceResult>> RunAsync(ConformanceContext context, IEnumerable<string>? skipped = null, CancellationToken cancellationToken = default)
        {
            var skip = new HashSet<string>(skipped ?? Enumerable.Empty<string>(), StringComparer.Ordinal);
            var results = new List<ConformanceResult>();
            foreach (var check in ConformanceChecks.All)
            {
                results.Add(await RunOneAsync(check, context, skip.Contains(check.Name), cancellationToken).ConfigureAwait(false));
            }

            return results;
        }

        /// <summary>Runs one check.</summary>
        public static async Task<ConformanceResult> RunOneAsync(ConformanceCheck check, ConformanceContext context, bool skippedByVendor, CancellationToken cancellationToken = default)
        {
            if (check is null)
            {
                throw new ArgumentNullException(nameof(check));
            }

            if (skippedByVendor)
            {
                return new ConformanceResult { Check = check.Name, Verdict = ConformanceVerdict.Skipped, Message = "On the vendor's skip list." };
            }

            try
            {
                await check.Run(context, cancellationToken).ConfigureAwait(false);
                return new ConformanceResult { Check = check.Name, Verdict = ConformanceVerdict.Passed };
            }
            catch (ConformanceSkipped skip)
            {
                return new ConformanceResult { Check = check.Name, Verdict = ConformanceVerdict.Skipped, Message = skip.Message };
            }
            catch (ConformanceFailure failure)
            {
                return new ConformanceResult { Check = check.Name, Verdict = ConformanceVerdict.Failed, Message = failure.Message };
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Anything else the connector threw: name it, it is part of the diagnosis.
                return new ConformanceResult { Check = check.Name, Verdict = ConformanceVerdict.Failed, Message = $"{exception.GetType().Name}: {exception.Message}" };
            }
        }
    }
}
