using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.EpjIntegration.Tests;

/// <summary>The platform on a real port (Kestrel), and a fourth journal in a process of its own
/// (<c>simulators/DigiHelsestasjon.Simulators.Host</c> on another port): onboarding over HTTP, the acceptance test
/// against the separate journal, production, and a booking made in that journal reaching a parent.</summary>
public sealed class SeparateJournalTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private WebApplicationFactory<Program> platform = null!;
    private Process journal = null!;
    private readonly int platformPort = FreePort();
    private readonly int journalPort = FreePort();

    private string PlatformUrl => $"http://127.0.0.1:{platformPort}";

    private string JournalUrl => $"http://127.0.0.1:{journalPort}";

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        platform = new HostFactory().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Database:ConnectionString", database.ConnectionString);
            builder.UseSetting("Urls", PlatformUrl);
            builder.UseSetting("Simulators:BaseUrl", PlatformUrl);
            builder.UseSetting("Simulators:DataFolder", Path.Combine(Path.GetTempPath(), "digihelsestasjon-tests", "keys"));
            builder.UseSetting("WorkQueues:outbox:PollInterval", "00:00:00.050");
            builder.UseSetting("WorkQueues:epj-delivery:PollInterval", "00:00:00.050");
            builder.UseSetting("Epj:Secrets:fjernvik-visma-test", "a-secret-shared-with-the-separate-journal-only");

            // The journal's process listens on this machine's loopback, which a journal address may be only when allowed.
            builder.UseSetting("Epj:AllowLocalJournalAddresses", "true");
        });
        platform.UseKestrel();
        platform.StartServer();

        var dll = Path.Combine(AppContext.BaseDirectory.Replace("tests/DigiHelsestasjon.EpjIntegration.Tests", "simulators/DigiHelsestasjon.Simulators.Host", StringComparison.Ordinal),
            "DigiHelsestasjon.Simulators.Host.dll");
        File.Exists(dll).ShouldBeTrue($"the simulators' host is built: {dll}");
        journal = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                dll, "--platform", PlatformUrl, "--urls", JournalUrl,
                "--Journals:visma:InstallationId", "fjernvik-visma", "--Epj:Installations:fjernvik-visma:SharedSecret", "a-secret-shared-with-the-separate-journal-only",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        using var http = new HttpClient();
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                if ((await http.GetAsync($"{JournalUrl}/health/live")).IsSuccessStatusCode && (await http.GetAsync($"{PlatformUrl}/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The platform or the separate journal did not start.");
    }

    public async Task DisposeAsync()
    {
        if (!journal.HasExited)
        {
            journal.Kill(entireProcessTree: true);
            await journal.WaitForExitAsync();
        }

        journal.Dispose();
        await platform.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Given_a_journal_in_a_process_of_its_own_When_a_municipality_is_onboarded_to_it_over_HTTP_Then_it_passes_goes_to_production_and_its_booking_reaches_a_parent()
    {
        using var platformHttp = new HttpClient { BaseAddress = new Uri(PlatformUrl) };
        using var journalHttp = new HttpClient { BaseAddress = new Uri(JournalUrl) };
        var national = await StaffAsync(platformHttp, "national-admin");
        (await Post(platformHttp, national, "/api/v1/admin/municipalities", new { kommunenummer = "9961", name = "Fjernvik kommune" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var added = await Post(platformHttp, national, "/api/v1/admin/municipalities/9961/units", new { herId = "996101", name = "Fjernvik helsestasjon", type = "health-station", address = "Torget 1" });
        var unitId = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unitId").GetGuid();
        (await journalHttp.PostAsJsonAsync("/simulators/epj/visma/units", new { unitId, herId = "996101", name = "Fjernvik helsestasjon", type = "health-station" })).EnsureSuccessStatusCode();

        using (var connect = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/units/{unitId}/epj-connection")
        {
            Content = JsonContent.Create(new { vendor = "visma", baseAddress = $"{JournalUrl}/simulators/epj/visma/connector/", installationId = "fjernvik-visma", secretName = "fjernvik-visma-test", environment = "test" }),
        })
        {
            connect.Headers.Authorization = new AuthenticationHeaderValue("Bearer", national);
            (await platformHttp.SendAsync(connect)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var run = await (await Post(platformHttp, national, "/api/v1/admin/municipalities/9961/acceptance-tests", new { })).Content.ReadFromJsonAsync<JsonElement>();
        (run.GetProperty("failed").GetInt32(), run.GetProperty("verdict").GetString()).ShouldBe((0, "passed"), run.ToString());
        (await Post(platformHttp, national, $"/api/v1/admin/units/{unitId}/epj-connection/promote", new { confirm = true })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var personas = await platformHttp.GetFromJsonAsync<JsonElement>("/simulators/folkeregisteret/personas");
        string Pid(string tag) => personas.EnumerateArray().First(p => p.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == tag)).GetProperty("pid").GetString()!;
        (await journalHttp.PostAsJsonAsync("/simulators/epj/visma/appointments",
            new { pid = Pid("child-under-12"), unitId, start = DateTimeOffset.UtcNow.AddDays(11), type = "Helsestasjonskonsultasjon" })).EnsureSuccessStatusCode();

        var guardian = await CitizenAsync(platformHttp, Pid("guardian"));
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await CitizenAsync(platformHttp, Pid("child-under-12")));
        var child = (await (await platformHttp.SendAsync(me)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("personId").GetGuid();
        for (var attempt = 0; ; attempt++)
        {
            using var list = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/subjects/{child}/appointments");
            list.Headers.Authorization = new AuthenticationHeaderValue("Bearer", guardian);
            if ((await (await platformHttp.SendAsync(list)).Content.ReadAsStringAsync()).Contains("Fjernvik helsestasjon", StringComparison.Ordinal))
            {
                return;
            }

            attempt.ShouldBeLessThan(300, "the booking reaches the parent within 30 s");
            await Task.Delay(100);
        }
    }

    private static async Task<HttpResponseMessage> Post(HttpClient http, string token, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    private static async Task<string> StaffAsync(HttpClient http, string role) => await TokenAsync(http, "helseid", [new("hpr", "7000001"), new("role", role)]);

    private static async Task<string> CitizenAsync(HttpClient http, string pid) => await TokenAsync(http, "idporten", [new("pid", pid)]);

    private static async Task<string> TokenAsync(HttpClient http, string issuer, KeyValuePair<string, string>[] fields)
    {
        var answer = await http.PostAsync($"/simulators/{issuer}/token", new FormUrlEncodedContent([new("grant_type", "urn:digihelsestasjon:simulator:testid"), .. fields]));
        return (await answer.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
