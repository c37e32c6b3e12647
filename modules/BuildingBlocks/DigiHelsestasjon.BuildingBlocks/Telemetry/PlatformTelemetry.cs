using System.Diagnostics;

namespace DigiHelsestasjon.BuildingBlocks.Telemetry;

/// <summary>The platform's own traces. Every activity source and meter is named <c>DigiHelsestasjon.*</c>, so the host
/// subscribes to all of them with one wildcard. Tags name kinds, states, channels, queues and modules only: never a
/// person, a name, an address or a text (a test reads every exported attribute of a citizen's flow).</summary>
public static class PlatformTelemetry
{
    /// <summary>The wildcard the host subscribes to (sources and meters).</summary>
    public const string AllSources = "DigiHelsestasjon.*";

    /// <summary>Work picked up later from a queue (outbox events, EPJ deliveries, notices).</summary>
    public static readonly ActivitySource Work = new("DigiHelsestasjon.Work");

    /// <summary>The current trace as a W3C <c>traceparent</c>, stored beside work that is done later, so the trace goes
    /// on when a queue picks the work up (null outside a trace: nothing is sampled then).</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>Starts the span of work taken from a queue as a child of the trace that left it. A missing or unreadable
    /// <paramref name="traceParent"/> starts a new trace (older rows have none).</summary>
    public static Activity? StartQueuedWork(string name, string? traceParent)
    {
        var parent = ActivityContext.TryParse(traceParent, null, out var stored) ? stored : default;
        return Work.StartActivity(name, ActivityKind.Consumer, parent);
    }
}
