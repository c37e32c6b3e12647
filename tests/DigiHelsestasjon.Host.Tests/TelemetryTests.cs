using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>A host that also keeps every span it exports, as an OTLP collector would receive them.</summary>
public abstract class TracedHost(DatabaseProvider provider, string transport) : EpjHost(provider, transport)
{
    private readonly List<Activity> exported = [];

    public IReadOnlyList<Activity> Exported
    {
        get
        {
            lock (exported)
            {
                return exported.ToList();
            }
        }
    }

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        base.ConfigureTestServices(services);
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(new LockedList(exported)));
    }

    /// <summary>The exporter adds from whichever thread ends a span.</summary>
    private sealed class LockedList(List<Activity> inner) : System.Collections.ObjectModel.Collection<Activity>
    {
        protected override void InsertItem(int index, Activity item)
        {
            lock (inner)
            {
                inner.Add(item);
            }
        }
    }
}

public sealed class TracedSqliteOverHttp() : TracedHost(DatabaseProvider.Sqlite, "http");

public sealed class TracedPostgresInProcess() : TracedHost(DatabaseProvider.Postgres, "in-process");

public sealed class TelemetryOnSqlite(TracedSqliteOverHttp host) : TelemetryTests<TracedSqliteOverHttp>(host);

public sealed class TelemetryOnPostgres(TracedPostgresInProcess host) : TelemetryTests<TracedPostgresInProcess>(host);

/// <summary>What a municipality's IT sees of a parent's message to the health station: one trace from the request to the
/// journal, the platform's meters on the Prometheus endpoint (operators only), and no person in any of it.</summary>
public abstract class TelemetryTests<THost>(THost host) : IClassFixture<THost>
    where THost : TracedHost, new()
{
    [Fact]
    public async Task Given_a_parent_writing_to_the_health_station_When_the_message_reaches_the_journal_Then_one_trace_follows_it_from_the_request_through_the_outbox_to_the_delivery()
    {
        var (guardian, child) = await GuardianAndChildAsync();
        var body = $"Kan vi snakke om søvnen? {Guid.NewGuid():N}";
        (await guardian.WithIdempotencyKey().PostAsJsonAsync($"/api/v1/subjects/{child}/threads", new { unitId = DemoUnits.Id("9901", 1), subject = "Søvn", body }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        await host.QuietAsync();

        var spans = host.Exported;
        var request = spans.LastOrDefault(s => s.Kind == ActivityKind.Server && s.GetTagItem("http.request.method") as string == "POST"
            && (s.GetTagItem("url.path") as string ?? "").EndsWith($"/{child}/threads", StringComparison.Ordinal));
        request.ShouldNotBeNull("the request was traced");
        var trace = spans.Where(s => s.TraceId == request.TraceId).ToList();
        var names = string.Join(", ", trace.Select(s => s.DisplayName));
        trace.ShouldContain(s => s.DisplayName.StartsWith("outbox publish", StringComparison.Ordinal), $"the outbox goes on with the request's trace: {names}");
        trace.ShouldContain(s => s.DisplayName == "epj deliver" && s.GetTagItem("epj.state") as string != "pending", $"the delivery goes on with it too: {names}");
    }

    [Fact]
    public async Task Given_a_citizens_flow_When_an_operator_scrapes_the_metrics_Then_the_platforms_meters_show_and_others_are_refused()
    {
        var (guardian, child) = await GuardianAndChildAsync();
        (await guardian.WithIdempotencyKey().PostAsJsonAsync($"/api/v1/subjects/{child}/threads", new { unitId = DemoUnits.Id("9901", 1), subject = "Vekt", body = "Hvordan går det med vekta?" }))
            .EnsureSuccessStatusCode();
        await host.QuietAsync();

        (await host.CreateClient().GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await guardian.GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "a citizen's token is not one the endpoint takes");
        (await (await Citizens.StaffAsync(host, "nurse", DemoUnits.Id("9901", 1))).GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var metrics = await ScrapeAsync();
        metrics.ShouldContain("epj_deliveries_total{", customMessage: "delivery attempts by kind and state");
        metrics.ShouldContain("outbox_published_total", customMessage: "the outbox's own counter");
        metrics.ShouldContain("queue=\"epj-delivery\",state=\"due\"", customMessage: "every queue's backlog by state");
        metrics.ShouldContain("workqueue_oldest_due_age_seconds{", customMessage: "every queue's lag");
        metrics.ShouldContain("dotnet_gc_collections_total", customMessage: "the runtime's meters");
    }

    [Fact]
    public async Task Given_a_full_citizen_flow_When_every_exported_attribute_is_read_Then_no_fodselsnummer_name_or_text_is_among_them()
    {
        var (guardian, child) = await GuardianAndChildAsync();
        var subject = $"Emne {Guid.NewGuid():N}";
        var body = $"Lurer på utslett på armen {Guid.NewGuid():N}";
        (await guardian.WithIdempotencyKey().PostAsJsonAsync($"/api/v1/subjects/{child}/threads", new { unitId = DemoUnits.Id("9901", 1), subject, body }))
            .EnsureSuccessStatusCode();
        (await guardian.GetAsync($"/api/v1/subjects/{child}/threads")).EnsureSuccessStatusCode();
        (await guardian.GetAsync($"/api/v1/subjects/{child}/appointments")).StatusCode.ShouldNotBe(HttpStatusCode.InternalServerError);
        (await guardian.GetAsync($"/api/v1/subjects/{child}/vaccinations")).StatusCode.ShouldNotBe(HttpStatusCode.InternalServerError);
        await host.QuietAsync();

        var personas = await host.CreateClient().GetFromJsonAsync<JsonElement>("/simulators/folkeregisteret/personas");
        var secrets = personas.EnumerateArray()
            .SelectMany(p => new[] { p.GetProperty("pid").GetString()!, p.GetProperty("name").GetString()! })
            .Concat([subject, body, "Lurer på utslett"])
            .ToList();

        var exported = host.Exported.SelectMany(Attributes).ToList();
        exported.Count.ShouldBeGreaterThan(100, "the flow was traced");
        var metrics = await ScrapeAsync();
        foreach (var secret in secrets)
        {
            exported.Where(a => a.Contains(secret, StringComparison.OrdinalIgnoreCase)).ShouldBeEmpty($"no span attribute holds a person or a text ({secret[..4]}...)");
            metrics.Contains(secret, StringComparison.OrdinalIgnoreCase).ShouldBeFalse("no metric attribute holds a person or a text");
        }
    }

    /// <summary>Everything a span exports: names, tags, events, links, status and baggage.</summary>
    private static IEnumerable<string> Attributes(Activity span) =>
        new[] { span.DisplayName, span.OperationName, span.StatusDescription ?? "" }
            .Concat(span.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{t.Key}={t.Value}").Prepend(e.Name)))
            .Concat(span.Links.SelectMany(l => l.Tags?.Select(t => $"{t.Key}={t.Value}") ?? []))
            .Concat(span.Baggage.Select(b => $"{b.Key}={b.Value}"));

    private async Task<string> ScrapeAsync()
    {
        var operatorClient = await Citizens.StaffAsync(host, "operator");
        var response = await operatorClient.GetAsync("/metrics");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<(HttpClient Guardian, Guid Child)> GuardianAndChildAsync()
    {
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var childLogin = await Citizens.LoginAsync(host, "child-under-12");
        return (guardian, (await childLogin.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid());
    }
}
