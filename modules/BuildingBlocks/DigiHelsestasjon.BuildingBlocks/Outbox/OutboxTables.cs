namespace DigiHelsestasjon.BuildingBlocks.Outbox;

/// <summary>The outbox and inbox every module owns (in its model, so in its generated migrations).</summary>
public static class OutboxTables
{
    public const string Outbox = "outbox";
    public const string Inbox = "inbox";
    /// <summary>A W3C traceparent is 55 characters; room for a later version's.</summary>
    public const int TraceParentLength = 128;
    internal const string PendingFilter = "processed_at IS NULL AND dead_lettered_at IS NULL";
}
