using System.Net;
using Shouldly;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>A browser's login as HTTP calls: the host's redirect to the issuer, the simulator's login form, the callback.</summary>
internal static class WebLogins
{
    private static readonly string[] Carried = ["client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method", "nonce"];

    /// <summary>GET /bff/login: the cookies the login handler set (correlation and nonce) as one Cookie header, and the
    /// fields the simulator's login page would post back, with the person's own.</summary>
    public static async Task<(string LoginCookie, Dictionary<string, string> Form)> StartAsync(
        HttpClient client, string issuer, string returnUrl, Dictionary<string, string> person)
    {
        var start = await client.GetAsync($"/bff/login?issuer={issuer}&returnUrl={Uri.EscapeDataString(returnUrl)}");
        start.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var cookies = start.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ToList();
        cookies.Count.ShouldBe(2, "a correlation cookie and a nonce cookie");
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(start.Headers.Location!.Query);
        var form = Carried.ToDictionary(k => k, k => query[k].ToString());
        foreach (var (name, value) in person)
        {
            form[name] = value;
        }

        return (string.Join("; ", cookies), form);
    }

    /// <summary>The simulator's login form posted: the path and query of the callback it sends the browser to.</summary>
    public static async Task<string> AuthorizeAsync(HttpClient client, string issuer, Dictionary<string, string> form)
    {
        var authorized = await client.PostAsync($"/simulators/{issuer}/authorize", new FormUrlEncodedContent(form));
        authorized.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return authorized.Headers.Location!.PathAndQuery;
    }
}
