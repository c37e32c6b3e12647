using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using DigiHelsestasjon.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>The web client's backend-for-frontend: the login flow against the simulated ID-porten, the session cookie,
/// the anti-forgery header, and where the callback may send the browser.</summary>
public sealed partial class WebSessionTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    [Fact]
    public async Task Given_a_login_through_the_simulated_ID_porten_When_it_completes_Then_the_session_is_an_HttpOnly_Secure_Strict_cookie_and_no_token_reaches_the_page()
    {
        var (cookie, setCookie, location) = await LoginAsync("guardian", "/innbygger");

        location.ShouldBe("/innbygger");
        setCookie.ShouldStartWith("__Host-dh-session=");
        setCookie.ShouldContain("httponly", Case.Insensitive);
        setCookie.ShouldContain("secure", Case.Insensitive);
        setCookie.ShouldContain("samesite=strict", Case.Insensitive);
        setCookie.ShouldContain("path=/", Case.Insensitive);
        setCookie.ShouldNotContain("domain=", Case.Insensitive);

        var session = await SendAsync(HttpMethod.Get, "/bff/session", cookie);
        var body = await session.Content.ReadAsStringAsync();
        body.ShouldContain("\"authenticated\":true");
        body.ShouldNotContain("eyJ", customMessage: "the session answer carries no token");
    }

    [Fact]
    public async Task Given_a_session_cookie_When_an_API_call_lacks_the_anti_forgery_header_Then_it_is_refused_naming_the_header_and_with_it_the_call_works()
    {
        var (cookie, _, _) = await LoginAsync("guardian", "/");

        var without = await SendAsync(HttpMethod.Get, "/api/v1/me", cookie);
        without.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await without.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("antiforgery-header-missing");
        (await SendAsync(HttpMethod.Get, "/api/v1/me", cookie, ("X-CSRF", "0"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var with = await SendAsync(HttpMethod.Get, "/api/v1/me", cookie, ("X-CSRF", "1"));
        with.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await with.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("representations").GetArrayLength().ShouldBeGreaterThan(1);

        (await SendAsync(HttpMethod.Post, "/bff/logout", cookie)).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "logging out also needs the header");
        var logout = await SendAsync(HttpMethod.Post, "/bff/logout", cookie, ("X-CSRF", "1"));
        logout.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        logout.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("__Host-dh-session=;", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("//evil.example/x")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData("/innbygger/\u00f8")]
    [InlineData("/api/v1/me")]
    public async Task Given_a_return_address_off_this_site_When_the_login_completes_Then_the_browser_goes_to_the_front_page(string returnUrl)
    {
        var (_, _, location) = await LoginAsync("guardian", returnUrl);

        location.ShouldBe("/");
    }

    // Issue 29: logout only deleted the cookie in the browser; a copy taken before stayed usable until the token expired.
    [Fact]
    public async Task Given_a_session_cookie_copied_before_logout_When_it_is_used_after_the_logout_Then_it_is_refused_and_other_sessions_go_on()
    {
        var (copied, _, _) = await LoginAsync("guardian", "/");
        var (other, _, _) = await LoginAsync("guardian", "/");
        (await SendAsync(HttpMethod.Get, "/api/v1/me", copied, ("X-CSRF", "1"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await SendAsync(HttpMethod.Post, "/bff/logout", copied, ("X-CSRF", "1"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await SendAsync(HttpMethod.Get, "/api/v1/me", copied, ("X-CSRF", "1"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await (await SendAsync(HttpMethod.Get, "/bff/session", copied)).Content.ReadAsStringAsync()).ShouldContain("\"authenticated\":false");
        (await SendAsync(HttpMethod.Get, "/api/v1/me", other, ("X-CSRF", "1"))).StatusCode.ShouldBe(HttpStatusCode.OK, "the person's login on another device goes on");
    }

    // Issue 29: "$" also matches before a final newline, so "/innbygger\n" passed the check and broke the login's redirect.
    [Theory]
    [InlineData("/innbygger\n")]
    [InlineData("/innlogget\n")]
    [InlineData("/\n")]
    [InlineData("/ansatt/chat\r\n")]
    public async Task Given_a_return_address_ending_in_a_newline_When_the_login_completes_Then_the_person_is_logged_in_on_the_front_page(string returnUrl)
    {
        var (cookie, _, location) = await LoginAsync("guardian", returnUrl);

        location.ShouldBe("/");
        var session = await SendAsync(HttpMethod.Get, "/bff/session", cookie);
        (await session.Content.ReadAsStringAsync()).ShouldContain("\"authenticated\":true");
    }

    [Fact]
    public async Task Given_a_callback_with_a_state_of_another_login_or_a_code_used_before_When_it_arrives_Then_no_session_is_made()
    {
        var client = Client();
        var (loginCookie, form) = await StartLoginAsync(client, "guardian", "/");
        var callback = await AuthorizeAsync(client, form);

        var forged = await SendAsync(HttpMethod.Get, Regex.Replace(callback, "state=[^&]*", "state=forged"), loginCookie);
        forged.Headers.Location!.ToString().ShouldBe("/?innlogging=utlopt");
        SetsSession(forged).ShouldBeFalse();

        var withoutLoginCookie = await SendAsync(HttpMethod.Get, callback, cookie: null);
        withoutLoginCookie.Headers.Location!.ToString().ShouldBe("/?innlogging=utlopt");

        var first = await SendAsync(HttpMethod.Get, callback, loginCookie);
        first.Headers.Location!.ToString().ShouldBe("/", "the browser's own callback, with its own login cookie, still works");
        var replayed = await SendAsync(HttpMethod.Get, callback, loginCookie);
        replayed.Headers.Location!.ToString().ShouldBe("/?innlogging=feilet", "a code is exchanged once");
        SetsSession(replayed).ShouldBeFalse();
    }

    [Theory]
    [InlineData("idporten", "guardian")]
    [InlineData("feide", "youth-15")]
    [InlineData("helseid", null)]
    public async Task Given_each_simulated_issuer_When_a_person_logs_in_through_the_login_handler_Then_the_session_names_that_issuer(string issuer, string? tag)
    {
        var client = Client();
        var person = tag is null
            ? new Dictionary<string, string> { ["hpr"] = "1234567", ["role"] = "nurse", ["unitId"] = DemoUnits.Id("9901", 1).ToString() }
            : new Dictionary<string, string> { ["pid"] = await Citizens.PidOfAsync(client, tag) };
        var (loginCookie, form) = await WebLogins.StartAsync(client, issuer, "/innlogget", person);
        form["redirect_uri"].ShouldEndWith($"/bff/callback/{issuer}");

        var callback = await SendAsync(HttpMethod.Get, await WebLogins.AuthorizeAsync(client, issuer, form), loginCookie);

        callback.Headers.Location!.ToString().ShouldBe("/innlogget");
        var session = callback.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-dh-session=", StringComparison.Ordinal)).Split(';')[0];
        var answer = await (await SendAsync(HttpMethod.Get, "/bff/session", session)).Content.ReadAsStringAsync();
        answer.ShouldContain("\"authenticated\":true");
        answer.ShouldContain($"\"issuer\":\"{issuer}\"");
    }

    [Fact]
    public async Task Given_a_login_whose_nonce_was_changed_on_the_way_When_the_id_token_echoes_it_Then_no_session_is_made()
    {
        var client = Client();
        var (loginCookie, form) = await StartLoginAsync(client, "guardian", "/");
        form["nonce"] = form["nonce"][..^4] + "AAAA";

        var callback = await SendAsync(HttpMethod.Get, await AuthorizeAsync(client, form), loginCookie);

        callback.Headers.Location!.ToString().ShouldBe("/?innlogging=feilet");
        SetsSession(callback).ShouldBeFalse();
    }

    private static bool SetsSession(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var set)
        && set.Any(c => c.StartsWith("__Host-dh-session=", StringComparison.Ordinal) && !c.StartsWith("__Host-dh-session=;", StringComparison.Ordinal));

    [Theory]
    [InlineData("//api/v1/me")]
    [InlineData("/api%2Fv1/me")]
    [InlineData("/api;/v1/me")]
    [InlineData("/nothing-here")]
    public async Task Given_a_path_that_is_no_page_of_the_client_When_asked_for_Then_it_is_404_not_the_page(string path)
    {
        var response = await Client().GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("<div id=\"root\">");
    }

    private HttpClient Client() => host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private async Task<(string Cookie, string SetCookie, string Location)> LoginAsync(string tag, string returnUrl)
    {
        var client = Client();
        var (loginCookie, form) = await StartLoginAsync(client, tag, returnUrl);
        var callback = await SendAsync(HttpMethod.Get, await AuthorizeAsync(client, form), loginCookie);
        callback.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var setCookie = callback.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-dh-session=", StringComparison.Ordinal));
        return (setCookie.Split(';')[0], setCookie, callback.Headers.Location!.ToString());
    }

    /// <summary>GET /bff/login: the cookies the login handler set (correlation and nonce), and the fields the simulator's login
    /// page would post back.</summary>
    private async Task<(string LoginCookie, Dictionary<string, string> Form)> StartLoginAsync(HttpClient client, string tag, string returnUrl) =>
        await WebLogins.StartAsync(client, "idporten", returnUrl, new() { ["pid"] = await Citizens.PidOfAsync(client, tag) });

    /// <summary>The simulator's login form posted: the path and query of the callback it sends the browser to.</summary>
    private static Task<string> AuthorizeAsync(HttpClient client, Dictionary<string, string> form) => WebLogins.AuthorizeAsync(client, "idporten", form);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? cookie, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await Client().SendAsync(request);
    }
}
