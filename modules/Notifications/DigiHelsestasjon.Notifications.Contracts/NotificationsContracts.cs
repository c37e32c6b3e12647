namespace DigiHelsestasjon.Notifications.Contracts;

/// <summary>What a notice is about. The words appear in the operator view and the figures, never in a notice.</summary>
public static class NoticeKinds
{
    public const string Reminder = "reminder";
    public const string AppointmentChanged = "appointment-changed";
    public const string CancellationDecided = "cancellation-decided";
    public const string NewMessage = "new-message";
    public const string MessageFailed = "message-failed";
    public const string TestResultReady = "test-result-ready";

    /// <summary>Sent whatever the person's preferences say (only the channel is theirs to choose).</summary>
    public static readonly IReadOnlyList<string> Mandatory = [NewMessage, MessageFailed];

    public static readonly IReadOnlyList<string> All = [Reminder, AppointmentChanged, CancellationDecided, NewMessage, MessageFailed, TestResultReady];
}

/// <summary>A notice's state per recipient.</summary>
public static class NoticeStates
{
    public const string Planned = "planned";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string Dropped = "dropped";
    public const string DeadLettered = "dead-lettered";

    public static readonly IReadOnlyList<string> All = [Planned, Sent, Delivered, Failed, Dropped, DeadLettered];
}

public static class NoticeChannels
{
    public const string Sms = "sms";
    public const string Email = "email";

    public static readonly IReadOnlyList<string> All = [Sms, Email];
}
