using System.Diagnostics.Metrics;
using DigiHelsestasjon.EpjIntegration.Persistence;
using DigiHelsestasjon.EpjIntegration.Persistence.Entities;

namespace DigiHelsestasjon.EpjIntegration.Outbound;

/// <summary>Meter <c>DigiHelsestasjon.Epj</c>: every delivery attempt, by kind and the state it left the item in
/// (<c>pending</c> means it will be tried again). The backlog by queue state is the work-queue gauges'.</summary>
internal static class EpjMetrics
{
    private static readonly Meter Meter = new("DigiHelsestasjon.Epj");

    private static readonly Counter<long> Deliveries = Meter.CreateCounter<long>(
        "epj.deliveries", description: "Delivery attempts of outbound journal items, by kind and resulting state.");

    public static void Attempted(EpjItem item) =>
        Deliveries.Add(1, new KeyValuePair<string, object?>("kind", item.Kind), new KeyValuePair<string, object?>("state", item.State));
}
