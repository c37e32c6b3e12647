using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.EpjIntegration.Contracts;
using DigiHelsestasjon.Testing;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace DigiHelsestasjon.Host.Tests;

public sealed class JourneysOnSqlite(TracedSqliteOverHttp host, ITestOutputHelper output) : JourneyTests<TracedSqliteOverHttp>(host, output);

public sealed class JourneysOnPostgres(TracedPostgresInProcess host, ITestOutputHelper output) : JourneyTests<TracedPostgresInProcess>(host, output);

/// <summary>The two journeys docs/architecture.md counts ("Two journeys, counted"), read from the trace a municipality's IT
/// would see: MediatR sends, the modules' contexts a unit of work used, its commits, and the SQL statements. Each count
/// has a ceiling, so a change that makes a journey longer fails here and has to say why (and move the ceiling and the doc).</summary>
public abstract class JourneyTests<THost>(THost host, ITestOutputHelper output) : IClassFixture<THost>
    where THost : TracedHost, new()
{
    [Fact]
    public async Task Given_a_guardian_When_the_childs_appointments_are_listed_Then_it_takes_three_sends_three_contexts_and_one_commit()
    {
        var (guardian, child) = await GuardianAndChildAsync();
        await PublishAsync(new EpjAppointmentPublished(
            child, DemoUnits.Id("9901", 1), $"journey-{Guid.NewGuid():N}", 1, "created", host.Time.GetUtcNow().AddDays(5), host.Time.GetUtcNow().AddDays(5).AddMinutes(30),
            "4-årskontroll", "helsesykepleier", "Rom 1", false, "booked"));

        var (response, journey) = await TracedAsync(guardian, HttpMethod.Get, $"/api/v1/subjects/{child}/appointments", null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength().ShouldBeGreaterThan(0, "the list has an appointment to show");
        output.WriteLine(journey.ToString());
        foreach (var statement in journey.Spans.Where(s => s.Source.Name == "Npgsql"))
        {
            output.WriteLine($"  SQL: {statement.GetTagItem("db.query.text") ?? statement.GetTagItem("db.statement") ?? statement.DisplayName}");
        }

        journey.Sends.Count.ShouldBeLessThanOrEqualTo(3, $"the access decision, the list, the units with their municipalities' policies: {journey}");
        journey.Contexts.Count.ShouldBeLessThanOrEqualTo(3, journey.ToString());
        journey.Commits.ShouldBe(1, $"the access-log row, and nothing else: {journey}");
    }

    [Fact]
    public async Task Given_a_guardians_reply_When_it_reaches_the_journal_Then_the_whole_way_is_one_trace_within_its_counts()
    {
        var (guardian, child) = await GuardianAndChildAsync();
        var started = await guardian.WithIdempotencyKey().PostAsJsonAsync(
            $"/api/v1/subjects/{child}/threads", new { unitId = DemoUnits.Id("9901", 1), subject = "Søvn", body = "Hun sover dårlig." });
        started.StatusCode.ShouldBe(HttpStatusCode.Created);
        var thread = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("threadId").GetGuid();
        await host.QuietAsync();

        var (response, journey) = await TracedAsync(
            guardian.WithIdempotencyKey(), HttpMethod.Post, $"/api/v1/subjects/{child}/threads/{thread}/messages", new { body = "Og hun våkner tidlig." });
        await host.QuietAsync();
        journey = journey.Reread(host.Exported);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        output.WriteLine(journey.ToString());
        journey.Spans.ShouldContain(s => s.DisplayName == "epj deliver" && (s.GetTagItem("epj.state") as string ?? "pending") != "pending", journey.ToString());
        journey.Sends.Count.ShouldBeLessThanOrEqualTo(6, journey.ToString());
        journey.Contexts.Count.ShouldBeLessThanOrEqualTo(5, journey.ToString());
        journey.Commits.ShouldBeLessThanOrEqualTo(4, $"the request's access-log row and message in one, the delivery's queueing, its outcome, the state shown: {journey}");
    }

    private async Task<(HttpResponseMessage Response, Journey Journey)> TracedAsync(HttpClient client, HttpMethod method, string path, object? body)
    {
        var trace = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        var response = await client.SendAsync(request);

        // The server's span ends just after the answer is written; it holds what ran before the first send.
        for (var waited = 0; waited < 600 && !host.Exported.Any(s => s.TraceId == trace && s.Kind == ActivityKind.Server); waited++)
        {
            await Task.Delay(50);
        }

        return (response, new Journey(trace, []).Reread(host.Exported));
    }

    private async Task PublishAsync(MediatR.INotification integrationEvent)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MediatR.IMediator>().Publish(integrationEvent);
    }

    private async Task<(HttpClient Guardian, Guid Child)> GuardianAndChildAsync()
    {
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var childLogin = await Citizens.LoginAsync(host, "child-under-12");
        return (guardian, (await childLogin.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid());
    }

    /// <summary>What one trace holds. A queue's claim of its next item runs before the item's trace is known, so it is not
    /// among the commits (one short statement per hop).</summary>
    public sealed record Journey(ActivityTraceId Trace, IReadOnlyList<Activity> Spans)
    {
        public Journey Reread(IReadOnlyList<Activity> exported) => this with { Spans = exported.Where(s => s.TraceId == Trace).ToList() };

        public IReadOnlyList<string> Sends => Spans.Where(s => s.Source.Name == "DigiHelsestasjon.Mediation").Select(s => s.DisplayName).ToList();

        public IReadOnlySet<string> Contexts => Events("db.context").Select(e => e.Tags.First(t => t.Key == "db.context").Value as string ?? "").ToHashSet();

        public int Commits => Events("db.commit").Count();

        public int Statements => Spans.Count(s => s.Source.Name == "Npgsql");

        private IEnumerable<ActivityEvent> Events(string name) => Spans.SelectMany(s => s.Events).Where(e => e.Name == name);

        public override string ToString() =>
            $"{Sends.Count} sends ({string.Join(", ", Sends)}); {Contexts.Count} contexts ({string.Join(", ", Contexts)}); {Commits} commits; {Statements} SQL statements traced (PostgreSQL only); "
            + $"spans: {string.Join(", ", Spans.Select(s => s.DisplayName).Distinct())}";
    }
}
