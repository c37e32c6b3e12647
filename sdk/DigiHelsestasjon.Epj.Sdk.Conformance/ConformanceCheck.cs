using System;
using System.Threading;
using System.Threading.Tasks;

namespace DigiHelsestasjon.Epj.Sdk.Conformance
{
    /// <summary>One check of the kit.</summary>
    public sealed record ConformanceCheck
    {
        /// <summary>The name, as in the xunit test and the skip list.</summary>
        public string Name { get; init; } = "";

        /// <summary>True when the check acts as staff through <see cref="IEpjTestJournal"/>.</summary>
        public bool NeedsTestJournal { get; init; }

        /// <summary>Runs the check; throws <see cref="ConformanceFailure"/> when the connector fails it.</summary>
        public Func<ConformanceContext, CancellationToken, Task> Run { get; init; } = (_, _) => Task.CompletedTask;
    }
}
