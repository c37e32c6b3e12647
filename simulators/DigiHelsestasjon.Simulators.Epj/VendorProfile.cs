using DigiHelsestasjon.Epj.Sdk;

namespace DigiHelsestasjon.Simulators.Epj;

/// <summary>When the journal answers the two later acknowledgement levels.</summary>
public enum ReceiptTiming
{
    /// <summary>Receipt and journaled outcome in the synchronous answer.</summary>
    AllAtOnce,

    /// <summary>Receipt at once, journaled outcome later.</summary>
    ReceiptNowJournaledLater,

    /// <summary>No receipt until journaled; both come later.</summary>
    ReceiptAfterJournaling,
}

/// <summary>How appointment changes are published.</summary>
public enum ChangePublishing
{
    /// <summary>One update per change, versions 1, 2, 3.</summary>
    OnePerChange,

    /// <summary>One update per change, and sometimes a stale copy of the previous version after it.</summary>
    SometimesOutOfOrder,

    /// <summary>One update per change; versions jump (10, 20, 30).</summary>
    VersionJump,
}

/// <summary>How one vendor's journal behaves (the table in EPJ-SDK.md).</summary>
public sealed record VendorProfile(
    string Vendor,
    string Product,
    CancellationMode CancellationMode,
    TimeSpan? CancellationDeadline,
    ReceiptTiming Receipts,
    int LatencyMs,
    int JournalDelayMs,
    ChangePublishing Changes,
    long MaxPayloadBytes,
    IReadOnlyList<string> AttachmentTypes,
    double OutOfOrderRate)
{
    public static VendorProfile Visma { get; } = new(
        "visma", "Visma HsPro (simulator)", CancellationMode.Immediate, null, ReceiptTiming.AllAtOnce,
        LatencyMs: 0, JournalDelayMs: 0, ChangePublishing.OnePerChange, 10 * 1024 * 1024, ["image/jpeg", "image/png", "application/pdf"], 0);

    public static VendorProfile InfoDoc { get; } = new(
        "infodoc", "InfoDoc Plenario (simulator)", CancellationMode.NeedsApproval, null, ReceiptTiming.ReceiptNowJournaledLater,
        LatencyMs: 20, JournalDelayMs: 300, ChangePublishing.SometimesOutOfOrder, 5 * 1024 * 1024, ["application/pdf"], 0.3)
    {
        ReservationNeedsApproval = true,
    };

    public static VendorProfile Cgm { get; } = new(
        "cgm", "CGM Journal (simulator)", CancellationMode.Immediate, TimeSpan.FromHours(24), ReceiptTiming.ReceiptAfterJournaling,
        LatencyMs: 80, JournalDelayMs: 500, ChangePublishing.VersionJump, 2 * 1024 * 1024, [], 0)
    {
        TakesYouthChatTranscripts = false,
        MinimumBookingNotice = TimeSpan.FromHours(48),
    };

    /// <summary>A reservation waits for staff to approve it (InfoDoc); otherwise the journal books at once.</summary>
    public bool ReservationNeedsApproval { get; init; }

    /// <summary>How far ahead a free slot must start to be offered (CGM: 48 hours).</summary>
    public TimeSpan MinimumBookingNotice { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Declares <see cref="EpjProcess.YouthChatTranscript"/>: a consented chat transcript is journaled as a transcript
    /// (otherwise the platform sends it as the youth's message).</summary>
    public bool TakesYouthChatTranscripts { get; init; } = true;

    /// <summary>The contract versions it declares; null: the SDK's current one. ["1.0"] plays a journal built before
    /// <see cref="CancellationRequest.RequiresApproval"/> existed: it ignores the field and cancels at once.</summary>
    public IReadOnlyList<string>? ContractVersions { get; init; }

    /// <summary>True when it honours <see cref="CancellationRequest.RequiresApproval"/> (contract 1.1 or later).</summary>
    public bool HonoursRequiresApproval => EpjContract.UnderstandsRequiresApproval(Capabilities.ContractVersions);

    /// <summary>The profile with the settings a simulator host was given (<c>{prefix}:ContractVersions</c>, comma-separated).</summary>
    public VendorProfile Configured(Func<string, string?> setting) =>
        setting("ContractVersions") is { Length: > 0 } versions ? this with { ContractVersions = versions.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) } : this;

    public static IReadOnlyList<VendorProfile> All { get; } = [Visma, InfoDoc, Cgm];

    /// <summary>What every simulated journal declares, the optional slot booking and health records included.</summary>
    private static readonly EpjProcess[] Always =
    [
        EpjProcess.CitizenMessage, EpjProcess.Cancellation, EpjProcess.PlannedAppointments,
        EpjProcess.FreeSlots, EpjProcess.SlotReservation, EpjProcess.Vaccinations, EpjProcess.TestResults,
    ];

    public EpjCapabilities Capabilities => new()
    {
        Product = Product,
        ContractVersions = ContractVersions ?? [EpjContract.CurrentVersion],
        Processes = TakesYouthChatTranscripts ? [.. Always, EpjProcess.YouthChatTranscript] : Always,
        CancellationMode = CancellationMode,
        MaxPayloadBytes = MaxPayloadBytes,
        AttachmentContentTypes = AttachmentTypes,
        AnswersSynchronously = Receipts != ReceiptTiming.ReceiptAfterJournaling,
        SynchronousTimeLimitMs = 5000,
    };
}

/// <summary>Faults switched on per test (<c>PUT /simulators/epj/{vendor}/faults</c>).</summary>
public sealed record EpjFaults
{
    /// <summary>Added to every call.</summary>
    public int LatencyMs { get; init; }

    /// <summary>Share of calls that fail before processing (transport failure, retry).</summary>
    public double ErrorRate { get; init; }

    /// <summary>Share of processed calls whose acknowledgement is lost.</summary>
    public double DropAcks { get; init; }

    /// <summary>Share of the journal's messages to the platform sent twice.</summary>
    public double DuplicateRate { get; init; }

    /// <summary>Share of appointment changes followed by a stale copy of the previous version (null: the vendor's default).</summary>
    public double? OutOfOrderRate { get; init; }

    /// <summary>Keep the receipts and outcomes that come after the synchronous answer until this is switched off again.</summary>
    public bool HoldLaterLevels { get; init; }
}

/// <summary>A unit the journal serves; <paramref name="Hours"/>, when known, bound the free slots it offers.</summary>
public sealed record SimulatedUnit(Guid UnitId, string HerId, string Name, string Type, WeeklyHours? Hours = null);
