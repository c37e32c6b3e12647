using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.Testing;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>What a load balancer without stickiness needs of the hosts behind it, with every simulator in the simulators
/// host: a web login made on one host opens on the other, and a youth chat's live stream on one host hears a nurse who
/// writes on the other.</summary>
public sealed class SeveralHostsTests(SeveralHosts hosts) : IClassFixture<SeveralHosts>
{
    [Fact]
    public async Task Given_a_simulators_host_When_the_platform_hosts_start_Then_they_run_no_simulator_of_their_own()
    {
        using var a = SeveralHosts.Client(hosts.AUrl);
        (await a.GetAsync("/simulators/idporten/jwks")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "the issuers are the simulators host's");
        (await a.GetAsync("/simulators/epj/visma")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "so are the journals");
        using var simulators = SeveralHosts.Client(hosts.SimulatorsUrl);
        (await simulators.GetAsync("/simulators/idporten/jwks")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Given_a_web_login_on_host_A_When_the_next_requests_reach_host_B_Then_the_citizen_is_still_logged_in()
    {
        using var a = SeveralHosts.Client(hosts.AUrl);
        using var b = SeveralHosts.Client(hosts.BUrl);
        using var simulators = SeveralHosts.Client(hosts.SimulatorsUrl);
        var (loginCookie, form) = await WebLogins.StartAsync(a, "idporten", "/innbygger", new() { ["pid"] = await Citizens.PidOfAsync(simulators, "guardian") });
        var callback = await SendAsync(a, HttpMethod.Get, await WebLogins.AuthorizeAsync(simulators, "idporten", form), loginCookie);
        callback.StatusCode.ShouldBe(HttpStatusCode.Redirect, await callback.Content.ReadAsStringAsync());
        var session = callback.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-dh-session=", StringComparison.Ordinal)).Split(';')[0];

        (await (await SendAsync(b, HttpMethod.Get, "/bff/session", session)).Content.ReadAsStringAsync()).ShouldContain("\"authenticated\":true");
        var me = await SendAsync(b, HttpMethod.Get, "/api/v1/me", session, ("X-CSRF", "1"));
        me.StatusCode.ShouldBe(HttpStatusCode.OK, "the person is read from the simulators host's register: " + await me.Content.ReadAsStringAsync());
        (await SendAsync(a, HttpMethod.Get, "/api/v1/me", session, ("X-CSRF", "1"))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Given_a_youth_streaming_from_host_A_When_a_nurse_on_host_B_claims_and_answers_Then_the_youth_sees_both_at_once()
    {
        using var youth = SeveralHosts.Client(hosts.AUrl);
        using var nurse = SeveralHosts.Client(hosts.BUrl);
        using var simulators = SeveralHosts.Client(hosts.SimulatorsUrl);
        var unit = DemoUnits.Id("9902", 3);
        var opened = await youth.PostAsJsonAsync("/api/v1/youth-chat/conversations", new { unitId = unit });
        opened.IsSuccessStatusCode.ShouldBeTrue(await opened.Content.ReadAsStringAsync());
        var conversation = await opened.Content.ReadFromJsonAsync<JsonElement>();
        var id = conversation.GetProperty("conversationId").GetGuid();
        youth.WithToken(conversation.GetProperty("conversationToken").GetString()!);
        nurse.WithToken(await HelseIdTokenAsync(simulators, unit));
        await using var youthEvents = await EventStream.OpenAsync(youth, $"/api/v1/youth-chat/conversations/{id}/events");
        await youthEvents.NextAsync("queue");

        (await nurse.PostAsync($"/api/v1/staff/youth-chat/conversations/{id}/claim", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await youthEvents.NextAsync("nurse-joined");
        (await nurse.PostAsJsonAsync($"/api/v1/staff/youth-chat/conversations/{id}/messages", new { text = "Hei, det er helsesykepleier" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await youthEvents.NextAsync("message")).Json.GetProperty("text").GetString().ShouldBe("Hei, det er helsesykepleier");
    }

    /// <summary>Found by the day under faults: behind nginx every youth came from nginx's address, so the conversations
    /// allowed per address were one allowance for everyone. From a trusted proxy, the client's address is the one it forwards.</summary>
    [Fact]
    public async Task Given_youths_behind_a_trusted_load_balancer_When_one_uses_up_the_conversations_of_an_address_Then_a_youth_at_another_address_still_gets_in()
    {
        using var host = SeveralHosts.Client(hosts.AUrl);
        var unit = DemoUnits.Id("9902", 3);
        async Task<HttpStatusCode> OpenFromAsync(string address)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/youth-chat/conversations") { Content = JsonContent.Create(new { unitId = unit }) };
            request.Headers.Add("X-Forwarded-For", address);
            using var response = await host.SendAsync(request);
            return response.StatusCode;
        }

        var opened = 0;
        while (await OpenFromAsync("203.0.113.7") == HttpStatusCode.Created)
        {
            (++opened).ShouldBeLessThan(50, "the address's allowance ends");
        }

        (await OpenFromAsync("203.0.113.7")).ShouldBe(HttpStatusCode.TooManyRequests);
        (await OpenFromAsync("198.51.100.23")).ShouldBe(HttpStatusCode.Created, "another address has its own allowance");
    }

    private static async Task<string> HelseIdTokenAsync(HttpClient simulators, Guid unit)
    {
        var form = new FormUrlEncodedContent([new("grant_type", "urn:digihelsestasjon:simulator:testid"), new("hpr", "3000001"), new("role", "nurse"), new("unitId", unit.ToString())]);
        var token = await simulators.PostAsync("/simulators/helseid/token", form);
        token.EnsureSuccessStatusCode();
        return (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string cookie, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await client.SendAsync(request);
    }
}
