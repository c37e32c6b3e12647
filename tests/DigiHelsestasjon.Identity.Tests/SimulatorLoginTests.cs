using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DigiHelsestasjon.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.Tokens;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Identity.Tests;

public sealed class SimulatorLoginTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    [Fact]
    public async Task Given_the_authorize_page_When_a_tester_logs_in_with_PKCE_Then_the_code_buys_a_token_only_with_the_right_verifier()
    {
        var client = host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var pid = await Citizens.PidOfAsync(client, "guardian");
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

        var page = await client.GetStringAsync($"/simulators/idporten/authorize?client_id=web&redirect_uri=http://localhost/cb&state=s1&code_challenge={challenge}&code_challenge_method=S256");
        page.ShouldContain(pid);

        var login = await client.PostAsync("/simulators/idporten/authorize", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = "web", ["redirect_uri"] = "http://localhost/cb", ["state"] = "s1",
            ["code_challenge"] = challenge, ["code_challenge_method"] = "S256", ["pid"] = pid, ["acr"] = "idporten-loa-high",
        }));
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var query = System.Web.HttpUtility.ParseQueryString(login.Headers.Location!.Query);
        query["state"].ShouldBe("s1");

        var wrong = await Exchange(client, query["code"]!, "not-the-verifier");
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a wrong verifier is refused (and the code is spent)");

        var login2 = await client.PostAsync("/simulators/idporten/authorize", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = "web", ["redirect_uri"] = "http://localhost/cb", ["state"] = "s2",
            ["code_challenge"] = challenge, ["code_challenge_method"] = "S256", ["pid"] = pid, ["acr"] = "idporten-loa-high",
        }));
        var code = System.Web.HttpUtility.ParseQueryString(login2.Headers.Location!.Query)["code"]!;
        var token = await Exchange(client, code, verifier);
        token.StatusCode.ShouldBe(HttpStatusCode.OK);
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        (await client.WithToken(accessToken).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Exchange(client, code, verifier)).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a code is used once");
    }

    [Fact]
    public async Task Given_a_HelseID_staff_token_When_calling_the_citizen_API_Then_it_is_refused()
    {
        var client = host.CreateClient();
        var response = await client.PostAsync("/simulators/helseid/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:digihelsestasjon:simulator:testid", ["hpr"] = "1234567", ["unitId"] = Guid.NewGuid().ToString(), ["role"] = "nurse",
        }));
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;

        (await client.WithToken(token).GetAsync("/api/v1/me")).StatusCode.ShouldBeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Given_a_pupil_logged_in_with_Feide_When_asking_who_they_are_Then_only_self_is_listed()
    {
        var client = host.CreateClient();
        var pid = await Citizens.PidOfAsync(client, "youth-12-15");
        var token = await Citizens.TokenAsync(client, pid, acr: "feide", issuer: "feide");

        var me = await client.WithToken(token).GetFromJsonAsync<JsonElement>("/api/v1/me");

        me.GetProperty("representations").GetArrayLength().ShouldBe(1);
    }

    private static Task<HttpResponseMessage> Exchange(HttpClient client, string code, string verifier) =>
        client.PostAsync("/simulators/idporten/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["code_verifier"] = verifier, ["client_id"] = "web", ["redirect_uri"] = "http://localhost/cb",
        }));
}
