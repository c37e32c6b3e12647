using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.Testing;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.HealthRecords.Tests;

public sealed class HealthRecordsOnSqlite(SqliteHost host) : HealthRecordsTests<SqliteHost>(host);

public sealed class HealthRecordsOnPostgres(PostgresHost host) : HealthRecordsTests<PostgresHost>(host);

[NeedsSqlServer]
public sealed class HealthRecordsOnSqlServer(SqlServerHost host) : HealthRecordsTests<SqlServerHost>(host);

/// <summary>The whole host over HTTP, with the three simulated journals and the SYSVAK simulator: what a youth and a parent notice.</summary>
public abstract class HealthRecordsTests<THost>(THost host) : IClassFixture<THost>
    where THost : PlatformHost
{
    [Fact]
    public async Task Given_a_youth_of_14_When_she_reads_her_vaccinations_Then_the_journals_and_SYSVAK_are_merged_without_duplicates_and_show_their_source()
    {
        var (youth, self) = await LoginAsync("youth-12-15");
        var pid = await Citizens.PidOfAsync(host.CreateClient(), "youth-12-15");

        var vaccinations = await ListAsync(youth, self, "vaccinations");

        var registered = (await (await host.CreateClient().PostAsJsonAsync("/simulators/sysvak/vaccinations", new { pid })).Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        registered.Count.ShouldBeGreaterThan(8, "a 14-year-old has had most of the childhood programme");
        vaccinations.Count.ShouldBe(registered.Count, "every dose once, though the journals and SYSVAK both hold it");
        vaccinations.Select(v => $"{v.GetProperty("code").GetString()}|{v.GetProperty("date").GetString()}").Distinct().Count().ShouldBe(vaccinations.Count);
        vaccinations.ShouldContain(v => Sources(v).SequenceEqual(new[] { "epj", "sysvak" }) && v.GetProperty("source").GetString() == "epj", $"a dose the journal and SYSVAK both hold shows once, with both sources: {string.Join(" ", vaccinations)}");
        vaccinations.ShouldAllBe(v => v.GetProperty("source").GetString() == "epj" || v.GetProperty("source").GetString() == "sysvak");
        vaccinations.ShouldContain(v => v.GetProperty("code").GetString() == "MMR");
    }

    [Fact]
    public async Task Given_the_parent_of_a_youth_of_14_When_reading_her_records_Then_the_vaccinations_show_but_not_her_school_test_results_and_the_access_is_logged()
    {
        var (youth, self) = await LoginAsync("youth-12-15");
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var own = await ListAsync(youth, self, "test-results");
        own.ShouldContain(t => t.GetProperty("name").GetString() == "Høyde og vekt, 8. trinn", "the school nurse's check at 13");

        var vaccinations = await ListAsync(guardian, self, "vaccinations");
        var results = await ListAsync(guardian, self, "test-results");

        vaccinations.Count.ShouldBe((await ListAsync(youth, self, "vaccinations")).Count, "parents see a 12-15-year-old's vaccinations");
        results.ShouldNotContain(t => t.GetProperty("name").GetString()!.Contains("trinn"), "a youth's results from the school health service are hers alone");
        results.Count.ShouldBeLessThan(own.Count);
        var log = await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/access-log");
        log.EnumerateArray().ShouldContain(e => e.GetProperty("relation").GetString() == "child" && e.GetProperty("action").GetString() == "healthrecords.vaccinations");
        log.EnumerateArray().ShouldContain(e => e.GetProperty("relation").GetString() == "child" && e.GetProperty("action").GetString() == "healthrecords.test-results");
    }

    [Fact]
    public async Task Given_the_parent_of_a_youth_of_16_When_reading_his_records_Then_the_answer_is_404_and_he_reads_them_himself()
    {
        var (older, self) = await LoginAsync("youth-16-17");
        var guardian = await Citizens.LoginAsync(host, "guardian");

        (await guardian.GetAsync($"/api/v1/subjects/{self}/vaccinations")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await guardian.GetAsync($"/api/v1/subjects/{self}/test-results")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ListAsync(older, self, "vaccinations")).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Given_a_child_under_12_logged_in_on_her_own_When_reading_her_records_Then_the_answer_is_404_and_her_guardian_reads_them()
    {
        var (child, self) = await LoginAsync("child-under-12");
        var guardian = await Citizens.LoginAsync(host, "guardian");

        (await child.GetAsync($"/api/v1/subjects/{self}/vaccinations")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "under 12 the guardians act for the child");
        (await child.GetAsync($"/api/v1/subjects/{self}/test-results")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ListAsync(guardian, self, "vaccinations")).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Given_a_parent_of_a_child_of_3_When_reading_Then_vaccinations_and_test_results_show_but_not_what_the_health_service_exempted()
    {
        await host.QuietAsync();
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var child = await SubjectAsync(guardian, 3);
        var pid = await Citizens.PidOfAsync(host.CreateClient(), "child-under-12");
        (await host.CreateClient().PostAsJsonAsync("/simulators/epj/visma/test-results", new { pid, unitId = DemoUnits.Id("9901", 1), name = "Hørselstest kontroll", result = "Normal hørsel.", exempt = true })).EnsureSuccessStatusCode();
        (await host.CreateClient().PostAsJsonAsync("/simulators/epj/visma/test-results", new { pid, unitId = DemoUnits.Id("9901", 1), name = "Synstest kontroll", result = "Normalt syn." })).EnsureSuccessStatusCode();
        await host.QuietAsync();

        var results = await ListAsync(guardian, child, "test-results");

        results.ShouldContain(t => t.GetProperty("name").GetString() == "Synstest kontroll" && t.GetProperty("result").GetString() == "Normalt syn.");
        results.ShouldNotContain(t => t.GetProperty("name").GetString() == "Hørselstest kontroll", "exempt from parental access");
        (await ListAsync(guardian, child, "vaccinations")).ShouldContain(v => v.GetProperty("code").GetString() == "MMR");
    }

    [Fact]
    public async Task Given_a_new_test_result_When_the_journal_says_it_is_ready_Then_the_parent_of_a_small_child_is_told_and_no_parent_of_a_youth_at_the_school_nurse()
    {
        var operatorClient = await Citizens.StaffAsync(host, "operator");
        var before = await NoticeCountAsync(operatorClient);
        var child = await Citizens.PidOfAsync(host.CreateClient(), "child-under-12");
        (await host.CreateClient().PostAsJsonAsync("/simulators/epj/visma/test-results", new { pid = child, unitId = DemoUnits.Id("9901", 1), name = "Blodprøve", result = "Normal." })).EnsureSuccessStatusCode();
        await host.QuietAsync();
        var afterChild = await NoticeCountAsync(operatorClient);
        afterChild.ShouldBe(before + 1, "one notice, to the guardian with parental responsibility");

        var youth = await Citizens.PidOfAsync(host.CreateClient(), "youth-12-15");
        (await host.CreateClient().PostAsJsonAsync("/simulators/epj/visma/test-results", new { pid = youth, unitId = DemoUnits.Id("9901", 3), name = "Klamydiatest", result = "Negativ." })).EnsureSuccessStatusCode();
        await host.QuietAsync();

        (await NoticeCountAsync(operatorClient)).ShouldBe(afterChild, "a 14-year-old's result from the school nurse is hers: no notice to a parent");
        var (self, selfId) = await LoginAsync("youth-12-15");
        (await ListAsync(self, selfId, "test-results")).ShouldContain(t => t.GetProperty("name").GetString() == "Klamydiatest", "shown at once: the cached list was forgotten");
    }

    /// <summary>Once the demo journals' appointments have reached Calendar (the journals asked are those of the units a person has appointments with).</summary>
    [Fact]
    public async Task Given_journals_that_do_not_answer_When_a_parent_reads_Then_the_answer_says_so_and_shows_no_register_dose_a_journal_might_have_exempted()
    {
        await host.QuietAsync();
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var child = await SubjectAsync(guardian, 3);
        var vendors = new[] { "visma", "infodoc", "cgm" };
        try
        {
            foreach (var vendor in vendors)
            {
                (await host.CreateClient().PutAsJsonAsync($"/simulators/epj/{vendor}/faults", new { latencyMs = 6000 })).EnsureSuccessStatusCode();
            }

            host.Time.Advance(TimeSpan.FromMinutes(2)); // past the one-minute cache of an earlier read
            var response = await guardian.GetAsync($"/api/v1/subjects/{child}/vaccinations");

            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Headers.GetValues("X-Sources-Unavailable").Single().ShouldBe("epj");
            (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ShouldBeEmpty(
                "SYSVAK knows nothing of exemptions: a dose given at one of the platform's units waits until its journal answers");
        }
        finally
        {
            foreach (var vendor in vendors)
            {
                await host.CreateClient().PutAsJsonAsync($"/simulators/epj/{vendor}/faults", new { });
            }
        }

        (await ListAsync(guardian, child, "vaccinations")).ShouldNotBeEmpty("once the journals answer, the list is whole again (nothing incomplete was cached)");
    }

    private async Task<(HttpClient Client, Guid Self)> LoginAsync(string tag)
    {
        await host.QuietAsync();
        var client = await Citizens.LoginAsync(host, tag);
        return (client, (await client.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid());
    }

    private static async Task<Guid> SubjectAsync(HttpClient client, int age) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("representations").EnumerateArray()
            .Single(r => r.GetProperty("age").GetInt32() == age).GetProperty("subjectId").GetGuid();

    private static IEnumerable<string> Sources(JsonElement entry) => entry.GetProperty("sources").EnumerateArray().Select(s => s.GetString()!);

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, Guid subject, string what)
    {
        var response = await client.GetAsync($"/api/v1/subjects/{subject}/{what}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Headers.Contains("X-Sources-Unavailable").ShouldBeFalse("every source answered");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
    }

    private static async Task<int> NoticeCountAsync(HttpClient operatorClient) =>
        (await operatorClient.GetFromJsonAsync<JsonElement>("/api/v1/admin/queues/notifications/items?kind=test-result-ready&limit=200")).EnumerateArray().Count();
}
