using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace DigiHelsestasjon.Epj.Sdk.Conformance
{
    /// <summary>The people and unit the checks use: synthetic test data the journal knows (or, for
    /// <see cref="UnknownPatientPid"/>, must not know).</summary>
    public sealed record ConformancePatients
    {
        /// <summary>A patient the journal holds, with no appointments the checks could disturb.</summary>
        public string KnownPatientPid { get; init; } = "";

        /// <summary>A valid fødselsnummer the journal does not hold.</summary>
        public string UnknownPatientPid { get; init; } = "";

        /// <summary>A unit of the journal.</summary>
        public string UnitHerId { get; init; } = "";
    }

    /// <summary>Acts as the health service's staff in the journal, for the checks that need it
    /// (booking, changing, deciding). A live test environment without one skips those checks.</summary>
    public interface IEpjTestJournal
    {
        /// <summary>Book an appointment; the journal publishes it to the platform (<see cref="AppointmentPublished"/>).</summary>
        Task<string> BookAppointmentAsync(string patientPid, string unitHerId, DateTimeOffset start, string appointmentType, CancellationToken cancellationToken);

        /// <summary>Move an appointment; the journal publishes the change.</summary>
        Task ChangeAppointmentAsync(string appointmentId, DateTimeOffset newStart, CancellationToken cancellationToken);

        /// <summary>The health service cancels an appointment itself.</summary>
        Task CancelAppointmentAsync(string appointmentId, CancellationToken cancellationToken);

        /// <summary>Decide a cancellation that needs approval; the journal sends <see cref="CancellationDecided"/>.</summary>
        Task DecideCancellationAsync(string appointmentId, bool accept, string? reason, CancellationToken cancellationToken);

        /// <summary>How many journal entries came from the platform message with this id.</summary>
        Task<int> CountEntriesAsync(Guid messageId, CancellationToken cancellationToken);

        /// <summary>Process the next message but lose its acknowledgement (the caller sees a transport
        /// failure). False when the journal cannot simulate that.</summary>
        Task<bool> LoseNextAcknowledgementAsync(CancellationToken cancellationToken);
    }

    /// <summary>Stands in for the platform: the journal's EPJ -> platform messages must be sent here
    /// during the checks. Answers OK receipts, once per <c>MessageId</c>.</summary>
    public sealed class RecordingEpjPlatform : IEpjPlatform
    {
        private readonly ConcurrentDictionary<Guid, InboundMessage> received = new ConcurrentDictionary<Guid, InboundMessage>();
        private readonly SemaphoreSlim arrived = new SemaphoreSlim(0);

        /// <summary>Every distinct message received so far.</summary>
        public IReadOnlyList<InboundMessage> Received => received.Values.OrderBy(m => m.SentAt).ToList();

        /// <inheritdoc />
        public Task<ApplicationReceipt> SendAsync(InboundMessage message, CancellationToken cancellationToken)
        {
            if (message is null)
            {
                throw new ArgumentNullException(nameof(message));
            }

            if (received.TryAdd(message.MessageId, message))
            {
                arrived.Release();
            }

            return Task.FromResult(ApplicationReceipt.Ok(message.MessageId));
        }

        /// <summary>The first received message of type <typeparamref name="T"/> that matches, waiting up to <paramref name="timeout"/>.</summary>
        /// <exception cref="ConformanceFailure">None arrived in time.</exception>
        public async Task<T> WaitForAsync<T>(Func<T, bool> match, TimeSpan timeout, string what)
            where T : InboundMessage
        {
            // Elapsed time, not a clock: a test may move the journal's clock while this waits.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                var found = received.Values.OfType<T>().FirstOrDefault(match);
                if (found is not null)
                {
                    return found;
                }

                var left = timeout - waited.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    throw new ConformanceFailure($"Waited {timeout.TotalSeconds:0.#} s for {what}; it did not arrive.");
                }

                await arrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Everything a check runs against.</summary>
    public sealed record ConformanceContext
    {
        /// <summary>The connector under test.</summary>
        public IEpjConnector Connector { get; init; } = null!;

        /// <summary>Test patients and unit.</summary>
        public ConformancePatients Patients { get; init; } = new ConformancePatients();

        /// <summary>Staff actions in the journal, or null (checks that need it are skipped).</summary>
        public IEpjTestJournal? Journal { get; init; }

        /// <summary>Where the journal's messages to the platform arrive, or null when they cannot be observed.</summary>
        public RecordingEpjPlatform? Platform { get; init; }

        /// <summary>How long to wait for something that comes later (a journaled outcome, a decision).</summary>
        public TimeSpan EventualTimeout { get; init; } = TimeSpan.FromSeconds(15);

        /// <summary>The journal's time, for appointment times and message stamps: <see cref="TimeProvider.System"/> by
        /// default, as a live test journal keeps real time; a simulated journal on a moved clock passes its own.</summary>
        public TimeProvider Time { get; init; } = TimeProvider.System;

        /// <summary>The journal's clock: <see cref="Time"/>'s unless set (the form before <see cref="Time"/> existed).</summary>
        public Func<DateTimeOffset> Clock
        {
            get => clock ?? Time.GetUtcNow;
            init => clock = value;
        }

        private readonly Func<DateTimeOffset>? clock;
    }

    /// <summary>A check failed; the message says what the connector did and what was expected.</summary>
    public sealed class ConformanceFailure : Exception
    {
        /// <summary>Creates the failure.</summary>
        public ConformanceFailure(string message)
            : base(message)
        {
        }
    }

    /// <summary>A check cannot run here (skipped by the vendor, or it needs a test journal); not a failure.</summary>
    public sealed class ConformanceSkipped : Exception
    {
        /// <summary>Creates the skip.</summary>
        public ConformanceSkipped(string reason)
            : base(reason)
        {
        }
    }
}
