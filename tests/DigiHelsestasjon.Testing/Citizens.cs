using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace DigiHelsestasjon.Testing;

/// <summary>Logs in as the simulators' personas through the scripted TestID grant (docs/simulators.md).</summary>
public static class Citizens
{
    public static async Task<string> PidOfAsync(HttpClient client, string tag)
    {
        var personas = await client.GetFromJsonAsync<JsonElement>("/simulators/folkeregisteret/personas");
        return personas.EnumerateArray().First(p => p.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == tag)).GetProperty("pid").GetString()!;
    }

    public static Task<string> TokenAsync(HttpClient client, string pid, string acr = "idporten-loa-high", string issuer = "idporten", params (string Key, string Value)[] extra) =>
        TestIdTokenAsync(client, issuer, [("pid", pid), ("acr", acr), .. extra]);

    /// <summary>The scripted TestID grant of any simulated issuer.</summary>
    private static async Task<string> TestIdTokenAsync(HttpClient client, string issuer, IEnumerable<(string Key, string Value)> fields)
    {
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Prepend(new("grant_type", "urn:digihelsestasjon:simulator:testid"));
        var response = await client.PostAsync($"/simulators/{issuer}/token", new FormUrlEncodedContent(form));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>A client that carries the persona's token.</summary>
    public static async Task<HttpClient> LoginAsync(PlatformHost host, string tag, string acr = "idporten-loa-high")
    {
        var client = host.CreateClient();
        var token = await TokenAsync(client, await PidOfAsync(client, tag), acr);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client with a HelseID token for staff of these units (<c>nurse</c> or <c>admin</c>).</summary>
    public static async Task<HttpClient> StaffAsync(PlatformHost host, string role, params Guid[] unitIds)
    {
        var client = host.CreateClient();
        return client.WithToken(await TestIdTokenAsync(client, "helseid", [("hpr", "9144889"), ("role", role), .. unitIds.Select(u => ("unitId", u.ToString()))]));
    }

    public static HttpClient WithToken(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

public static class IdempotencyKeys
{
    /// <summary>The client sends a fresh Idempotency-Key with its next requests (until called again).</summary>
    public static HttpClient WithIdempotencyKey(this HttpClient client)
    {
        client.DefaultRequestHeaders.Remove("Idempotency-Key");
        client.DefaultRequestHeaders.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return client;
    }
}
