using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.Epj.Sdk.Conformance;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigiHelsestasjon.Simulators.Epj;

/// <summary>A fake EPJ with its own in-memory store, one vendor's behaviour, fault injection, and
/// the staff actions of the control API. It is both the connector (platform -> EPJ) and, through
/// <see cref="IEpjPlatform"/>, the sender of appointments, replies and late outcomes (EPJ -> platform).</summary>
public sealed partial class SimulatedJournal : IEpjConnector, IEpjYouthChatTranscripts, IEpjSlotBooking, IEpjHealthRecords, IEpjTestJournal
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
    private readonly object gate = new();
    private readonly HashSet<string> patients = [];
    private readonly Dictionary<string, SimulatedAppointment> appointments = [];
    private readonly Dictionary<string, CancellationRequest> pendingCancellations = [];
    private readonly List<JournalEntry> entries = [];
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private IEpjPlatform? platform;

    public SimulatedJournal(VendorProfile profile, IReadOnlyList<SimulatedUnit> units, TimeProvider time, ILogger? logger = null)
    {
        Profile = profile;
        Units = units;
        this.time = time;
        this.logger = logger ?? NullLogger.Instance;
    }

    public VendorProfile Profile { get; }

    public IReadOnlyList<SimulatedUnit> Units { get; private set; }

    /// <summary>The journal starts serving another unit (a municipality rolling out adds its units in the journal too).</summary>
    public void AddUnit(SimulatedUnit unit)
    {
        lock (gate)
        {
            Units = [.. Units.Where(u => u.HerId != unit.HerId && u.UnitId != unit.UnitId), unit];
        }
    }

    /// <summary>Faults switched on by the control API. Holding the later levels keeps every receipt and outcome that comes
    /// after the synchronous answer until the hold is lifted (to show a message at "received").</summary>
    public EpjFaults Faults
    {
        get => faults;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (gate)
            {
                faults = value;
                if (value.HoldLaterLevels && laterLevelsReleased.Task.IsCompleted)
                {
                    laterLevelsReleased = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                else if (!value.HoldLaterLevels)
                {
                    laterLevelsReleased.TrySetResult();
                }
            }
        }
    }

    private EpjFaults faults = new();
    private TaskCompletionSource laterLevelsReleased = Released();

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        return released;
    }

    /// <summary>Where the journal sends its messages (the platform's inbound API, or a recorder in tests).</summary>
    public void ConnectTo(IEpjPlatform target) => platform = target;

    public void RegisterPatients(IEnumerable<string> pids)
    {
        lock (gate)
        {
            patients.UnionWith(pids);
        }
    }

    public Task<EpjCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken) => Task.FromResult(Profile.Capabilities);

    /// <summary>How many entries of a kind the journal holds, and for how many distinct messages (equal: no duplicates).</summary>
    public (int Entries, int DistinctMessages) Count(string kind)
    {
        lock (gate)
        {
            var matching = entries.Where(e => e.Kind == kind).ToList();
            return (matching.Count, matching.Select(e => e.MessageId).Distinct().Count());
        }
    }

    public Task<int> CountEntriesAsync(Guid messageId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(entries.Count(e => e.MessageId == messageId && e.Kind is "message" or "transcript" or "cancellation"));
        }
    }

    public IReadOnlyList<JournalEntry> EntriesFor(string pid)
    {
        lock (gate)
        {
            return entries.Where(e => e.Pid == pid).ToList();
        }
    }

    public IReadOnlyList<SimulatedAppointment> AppointmentsFor(string pid)
    {
        lock (gate)
        {
            return appointments.Values.Where(a => a.Pid == pid).OrderBy(a => a.Start).ToList();
        }
    }

    public SimulatedAppointment? Appointment(string appointmentId)
    {
        lock (gate)
        {
            return appointments.GetValueOrDefault(appointmentId);
        }
    }

    private EpjError? Validate(string pid, string unitHerId) =>
        !patients.Contains(pid) ? EpjError.Of(EpjErrorCodes.UnknownPatient, "Pasienten finnes ikke i journalen.")
        : Units.All(u => u.HerId != unitHerId) ? EpjError.Of(EpjErrorCodes.UnknownRecipient, $"The journal serves no unit with HER-id {unitHerId}.")
        : null;

    private async Task DelayAsync(CancellationToken cancellationToken)
    {
        var delay = Profile.LatencyMs + Faults.LatencyMs;
        if (delay > 0)
        {
            await Task.Delay(delay, cancellationToken);
        }
    }
}
