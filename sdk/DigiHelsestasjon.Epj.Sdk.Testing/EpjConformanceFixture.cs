using System;
using DigiHelsestasjon.Epj.Sdk.Conformance;
using System.Collections.Generic;
using System.Threading.Tasks;
using Xunit;

namespace DigiHelsestasjon.Epj.Sdk.Testing
{
    /// <summary>What the vendor supplies to the kit: how to create the connector, the test patients,
    /// optionally a test journal, and the tests knowingly skipped. Route the journal's EPJ -> platform
    /// messages to <see cref="Platform"/> while the kit runs.</summary>
    public abstract class EpjConformanceFixture : IAsyncLifetime
    {
        private ConformanceContext? context;

        /// <summary>Stands in for the platform; send the journal's messages here.</summary>
        public RecordingEpjPlatform Platform { get; } = new RecordingEpjPlatform();

        /// <summary>Test names (as in <see cref="ConformanceChecks"/>) the vendor knowingly skips, with a reason in its own docs.</summary>
        public virtual IReadOnlyCollection<string> SkippedTests => Array.Empty<string>();

        /// <summary>How long the checks wait for what comes later.</summary>
        public virtual TimeSpan EventualTimeout => TimeSpan.FromSeconds(15);

        /// <summary>The context the checks run against, created once.</summary>
        public ConformanceContext Context => context ?? throw new InvalidOperationException("The fixture has not been initialised.");

        /// <summary>Creates the connector under test.</summary>
        protected abstract Task<IEpjConnector> CreateConnectorAsync();

        /// <summary>The test patients and unit.</summary>
        protected abstract ConformancePatients Patients { get; }

        /// <summary>Staff actions in the journal; null skips the checks that need them.</summary>
        protected virtual IEpjTestJournal? TestJournal => null;

        /// <inheritdoc />
        public virtual async Task InitializeAsync()
        {
            var connector = await CreateConnectorAsync().ConfigureAwait(false);
            context = new ConformanceContext { Connector = connector, Patients = Patients, Journal = TestJournal, Platform = Platform, EventualTimeout = EventualTimeout };
        }

        /// <inheritdoc />
        public virtual Task DisposeAsync() => Task.CompletedTask;
    }
}
