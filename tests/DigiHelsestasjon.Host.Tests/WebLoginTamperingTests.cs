using System.Net;
using System.Security.Claims;
using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Simulators.IdentityProviders;
using DigiHelsestasjon.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>A host whose token answers from the issuer pass through a test's hands on the way back (a man in the middle,
/// or an issuer gone wrong), so each check of the id_token can be shown to refuse.</summary>
public sealed class TamperingHost : PlatformHost
{
    public TamperingHost()
        : base(DatabaseProvider.Sqlite)
    {
    }

    /// <summary>What the next token answers' id_token becomes (null: left alone).</summary>
    public Func<string, string>? IdToken { get; set; }

    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.AddHttpClient("web-login").AddHttpMessageHandler(() => new TokenAnswerRewriter(this));

    private sealed class TokenAnswerRewriter(TamperingHost host) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (host.IdToken is not { } rewrite || !request.RequestUri!.AbsolutePath.EndsWith("/token", StringComparison.Ordinal) || !response.IsSuccessStatusCode)
            {
                return response;
            }

            var answer = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(await response.Content.ReadAsStringAsync(cancellationToken))!;
            var changed = answer.ToDictionary(p => p.Key, p => (object)p.Value);
            changed["id_token"] = rewrite(answer["id_token"].GetString()!);
            response.Content = new StringContent(JsonSerializer.Serialize(changed), System.Text.Encoding.UTF8, "application/json");
            return response;
        }
    }
}

/// <summary>The web login's id_token checks (the OpenID Connect handler's): a token for another client, a token whose
/// content was changed after signing, and one signed by a key the issuer does not publish each make no session.</summary>
public sealed class WebLoginTamperingTests(TamperingHost host) : IClassFixture<TamperingHost>
{
    [Fact]
    public async Task Given_an_id_token_made_for_another_client_When_the_login_completes_Then_no_session_is_made()
    {
        var issuer = host.Services.GetRequiredKeyedService<SimulatedIssuer>("idporten");

        var callback = await LoginAsync(idToken => issuer.CreateToken(ClaimsOf(idToken), host.Time.GetUtcNow().UtcDateTime, audience: "another-client"));

        Refused(callback);
    }

    [Fact]
    public async Task Given_an_id_token_changed_after_it_was_signed_When_the_login_completes_Then_no_session_is_made()
    {
        var callback = await LoginAsync(idToken =>
        {
            var parts = idToken.Split('.');
            var payload = JsonSerializer.Deserialize<Dictionary<string, object>>(Base64UrlEncoder.Decode(parts[1]))!;
            payload["pid"] = "01010112345";
            return $"{parts[0]}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(payload))}.{parts[2]}";
        });

        Refused(callback);
    }

    [Fact]
    public async Task Given_an_id_token_signed_by_a_key_the_issuer_does_not_publish_When_the_login_completes_Then_no_session_is_made()
    {
        using var otherKey = System.Security.Cryptography.RSA.Create(2048);

        // The same header (the issuer's key id) and content, signed by another key.
        var callback = await LoginAsync(idToken =>
        {
            var signed = idToken[..idToken.LastIndexOf('.')];
            var signature = otherKey.SignData(System.Text.Encoding.ASCII.GetBytes(signed), System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            return $"{signed}.{Base64UrlEncoder.Encode(signature)}";
        });

        Refused(callback);
    }

    [Fact]
    public async Task Given_the_same_login_left_alone_When_it_completes_Then_the_session_is_made()
    {
        var callback = await LoginAsync(idToken => idToken);

        callback.Headers.Location!.ToString().ShouldBe("/innbygger");
        callback.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("__Host-dh-session=", StringComparison.Ordinal) && !c.StartsWith("__Host-dh-session=;", StringComparison.Ordinal));
    }

    private static Claim[] ClaimsOf(string idToken) =>
        new JsonWebToken(idToken).Claims.Where(c => c.Type is not ("iss" or "aud" or "exp" or "nbf" or "iat")).ToArray();

    private static void Refused(HttpResponseMessage callback)
    {
        callback.Headers.Location!.ToString().ShouldBe("/?innlogging=feilet");
        (callback.Headers.TryGetValues("Set-Cookie", out var set) && set.Any(c => c.StartsWith("__Host-dh-session=", StringComparison.Ordinal) && !c.StartsWith("__Host-dh-session=;", StringComparison.Ordinal)))
            .ShouldBeFalse("no session comes of a refused id_token");
    }

    private async Task<HttpResponseMessage> LoginAsync(Func<string, string> idToken)
    {
        var client = host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var (loginCookie, form) = await WebLogins.StartAsync(client, "idporten", "/innbygger", new() { ["pid"] = await Citizens.PidOfAsync(client, "guardian") });
        var callbackPath = await WebLogins.AuthorizeAsync(client, "idporten", form);
        host.IdToken = idToken;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, callbackPath);
            request.Headers.Add("Cookie", loginCookie);
            var callback = await client.SendAsync(request);
            callback.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            return callback;
        }
        finally
        {
            host.IdToken = null;
        }
    }
}
