using System.Diagnostics;
using DigiHelsestasjon.BuildingBlocks.Persistence;

namespace DigiHelsestasjon.BuildingBlocks.Mediation;

/// <summary>What a unit of work did, as events on the span that is current (a request, a send, a queue item): each module's
/// context it used and each commit. A trace then shows how many contexts and transactions a citizen's request cost, and the
/// journey tests count them (docs/architecture.md, "Two journeys, counted"). Type names only, never a row.</summary>
internal static class UnitTelemetry
{
    public const string ContextEvent = "db.context";
    public const string CommitEvent = "db.commit";

    public static void Enlisted(ModuleDbContext context)
    {
        if (Activity.Current is { IsAllDataRequested: true } current)
        {
            current.AddEvent(new ActivityEvent(ContextEvent, tags: new ActivityTagsCollection { [ContextEvent] = context.GetType().Name }));
        }
    }

    public static void Committed(IEnumerable<ModuleDbContext> saved)
    {
        if (Activity.Current is { IsAllDataRequested: true } current)
        {
            current.AddEvent(new ActivityEvent(CommitEvent, tags: new ActivityTagsCollection { ["db.contexts"] = string.Join(",", saved.Select(c => c.GetType().Name)) }));
        }
    }
}
