namespace DigiHelsestasjon.YouthChat;

/// <summary><c>Modules:YouthChat:*</c>.</summary>
public sealed class YouthChatOptions
{
    /// <summary>The longest chat message, in characters.</summary>
    public int MaxMessageLength { get; set; } = 2000;

    /// <summary>A conversation nobody writes in for this long ends by itself (then its retention starts).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A conversation still waiting without a word from the youth ends after this long (it holds a place in the queue).</summary>
    public TimeSpan QueuedSilenceTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The oldest age that may go on from the chat to a thread (helsestasjon for ungdom serves young people up to 25).</summary>
    public int MaxHandOverAge { get; set; } = 25;

    /// <summary>Event streams open at once per conversation and instance (a phone and a laptop, a reconnect overlapping).</summary>
    public int MaxStreamsPerConversation { get; set; } = 4;

    /// <summary>New conversations from one network address: a burst of this many (the address is a key in memory, never stored) ...</summary>
    public int ConversationsPerAddress { get; set; } = 10;

    /// <summary>... refilled by one every this long.</summary>
    public TimeSpan AddressRefill { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a token flagged abusive stays blocked.</summary>
    public TimeSpan BlockDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>At most this many conversations wait in one unit's queue; the next youth is told to try again or call.</summary>
    public int MaxQueueLength { get; set; } = 50;

    /// <summary>A nurse counts as on duty at a unit (a colleague to transfer to) this long after last looking at its queue.</summary>
    public TimeSpan OnDutyFor { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>An open event stream with nothing to say sends a keep-alive this often (and reads again, in case a wake-up was lost).</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How a change reaches the streams on other instances: <c>notify</c> (PostgreSQL's LISTEN/NOTIFY, its
    /// default), <c>table</c> (a signal row every instance polls; SQL Server's default, possible on PostgreSQL too) or
    /// <c>none</c> (one instance; SQLite's only choice). Unset: the database's default.</summary>
    public string? FanOut { get; set; }

    /// <summary>With <c>FanOut=table</c>: how often each instance looks for other instances' signals.</summary>
    public TimeSpan SignalPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Event streams reading the database at once, per instance (the rest wait their turn).</summary>
    public int MaxConcurrentStreamReads { get; set; } = 32;

    /// <summary>Messages one conversation token may send: a burst of this many ...</summary>
    public int MessagesPerToken { get; set; } = 20;

    /// <summary>... refilled by one every this long.</summary>
    public TimeSpan MessageRefill { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>New conversations per unit: a burst of this many ...</summary>
    public int ConversationsPerUnit { get; set; } = 30;

    /// <summary>... refilled by one every this long.</summary>
    public TimeSpan ConversationRefill { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>When a flood has emptied the unit's bucket, networks that have not opened a chat in the last hour still get in
    /// from a reserve: a burst of this many ...</summary>
    public int ReservedConversationsPerUnit { get; set; } = 10;

    /// <summary>... refilled by one every this long.</summary>
    public TimeSpan ReserveRefill { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A conversation waiting in the queue whose youth has not been seen this long (no event stream open, no request)
    /// leaves the queue, even after a message: a place in the queue is held by someone who is there.</summary>
    public TimeSpan QueuedAbsentTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
