using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using DigiHelsestasjon.Simulators.Folkeregisteret;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.IdentityModel.Tokens;

namespace DigiHelsestasjon.Simulators.IdentityProviders;

/// <summary>Discovery, JWKS, an authorize page (code + PKCE) and the token endpoint of one issuer,
/// plus the scripted grant <c>urn:digihelsestasjon:simulator:testid</c> (docs/simulators.md).</summary>
public static class IdentityProviderEndpoints
{
    public const string TestIdGrant = "urn:digihelsestasjon:simulator:testid";

    private static readonly ConcurrentDictionary<string, PendingCode> Codes = new();

    private sealed record PendingCode(SimulatedIssuer Issuer, Claim[] Claims, string ClientId, string RedirectUri, string? Challenge, string? Nonce, DateTime Expires);

    public static IEndpointRouteBuilder MapIdentityProviderSimulator(this IEndpointRouteBuilder endpoints, SimulatedIssuer issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        var group = endpoints.MapGroup($"/simulators/{issuer.Name}").WithTags($"Simulator: {issuer.Name}");
        group.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer.Issuer,
            ["authorization_endpoint"] = $"{issuer.Issuer}/authorize",
            ["token_endpoint"] = $"{issuer.Issuer}/token",
            ["jwks_uri"] = $"{issuer.Issuer}/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["grant_types_supported"] = new[] { "authorization_code", TestIdGrant },
            ["acr_values_supported"] = new[] { "idporten-loa-substantial", "idporten-loa-high" },
        }));
        group.MapGet("/jwks", () => Results.Json(issuer.Jwks()));
        group.MapGet("/authorize", (HttpRequest request, PopulationRegister register) => AuthorizePage(issuer, request, register));
        group.MapPost("/authorize", (HttpRequest request, TimeProvider time) => AuthorizeAsync(issuer, request, time)).DisableAntiforgery();
        group.MapPost("/token", (HttpRequest request, TimeProvider time) => TokenAsync(issuer, request, time)).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> TokenAsync(SimulatedIssuer issuer, HttpRequest request, TimeProvider time)
    {
        if (!request.HasFormContentType)
        {
            return OAuthError("invalid_request", "The token endpoint takes application/x-www-form-urlencoded.");
        }

        var form = await request.ReadFormAsync();
        Claim[] claims;
        PendingCode? login = null;
        switch (form["grant_type"].ToString())
        {
            case TestIdGrant:
                var built = ClaimsFrom(issuer, form["pid"], form["acr"], form["amr"], form["hpr"], form["unitId"], form["role"]);
                if (built.Error is not null)
                {
                    return OAuthError("invalid_request", built.Error);
                }

                claims = built.Claims!;
                break;
            case "authorization_code":
                if (!Codes.TryRemove(form["code"].ToString(), out var pending) || pending.Issuer != issuer || pending.Expires < time.GetUtcNow().UtcDateTime)
                {
                    return OAuthError("invalid_grant", "Unknown or expired code.");
                }

                if (pending.RedirectUri != form["redirect_uri"].ToString() || pending.ClientId != form["client_id"].ToString())
                {
                    return OAuthError("invalid_grant", "redirect_uri or client_id does not match the authorization request.");
                }

                if (pending.Challenge is not null && pending.Challenge != S256(form["code_verifier"].ToString()))
                {
                    return OAuthError("invalid_grant", "code_verifier does not match code_challenge (PKCE).");
                }

                claims = pending.Claims;
                login = pending;
                break;
            default:
                return OAuthError("unsupported_grant_type", $"Use authorization_code or {TestIdGrant}.");
        }

        var audience = form["audience"].FirstOrDefault();
        TimeSpan? lifetime = int.TryParse(form["expires_in"], out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
        var now = time.GetUtcNow().UtcDateTime;
        var token = issuer.CreateToken(claims, now, audience, lifetime);
        if (login is null)
        {
            // The scripted grant is no OpenID Connect login: an access token only.
            return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = (int)(lifetime ?? issuer.Lifetime).TotalSeconds });
        }

        // The id_token is for the client (its audience), echoes the login's nonce and binds the access token (at_hash),
        // as ID-porten's, Feide's and HelseID's do.
        Claim[] about = [.. claims, new("at_hash", AtHash(token)), .. login.Nonce is { Length: > 0 } nonce ? [new Claim("nonce", nonce)] : Array.Empty<Claim>()];
        return Results.Json(new
        {
            access_token = token,
            id_token = issuer.CreateToken(about, now, login.ClientId, lifetime),
            token_type = "Bearer",
            expires_in = (int)(lifetime ?? issuer.Lifetime).TotalSeconds,
        });
    }

    private static (Claim[]? Claims, string? Error) ClaimsFrom(
        SimulatedIssuer issuer, string? pid, string? acr, string? amr, string? hpr, IEnumerable<string?> unitIds, string? role)
    {
        if (issuer.Kind == IssuerKind.Staff)
        {
            if (string.IsNullOrWhiteSpace(hpr))
            {
                return (null, "hpr is required.");
            }

            if (role is not ("nurse" or "admin" or "operator" or "national-admin"))
            {
                return (null, "role must be nurse, admin, operator or national-admin.");
            }

            var staff = new List<Claim>
            {
                new("sub", $"hpr:{hpr}"),
                new("helseid://claims/hpr/hpr_number", hpr),
                new("role", role),
                new("acr", "Level4"),
            };
            staff.AddRange(unitIds.Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => new Claim("unit_id", u!)));
            return (staff.ToArray(), null);
        }

        if (string.IsNullOrWhiteSpace(pid))
        {
            return (null, "pid is required.");
        }

        acr = string.IsNullOrWhiteSpace(acr) ? (issuer.Kind == IssuerKind.Pupil ? "feide" : "idporten-loa-high") : acr;
        amr = string.IsNullOrWhiteSpace(amr) ? (issuer.Kind == IssuerKind.Pupil ? "Feide" : "TestID") : amr;
        return (
        [
            new("sub", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(issuer.Name + pid)))[..24]),
            new("pid", pid),
            new("acr", acr),
            new("amr", amr),
        ], null);
    }

    private static IResult AuthorizePage(SimulatedIssuer issuer, HttpRequest request, PopulationRegister register)
    {
        var query = request.Query;
        var hidden = string.Concat(new[] { "client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method", "nonce" }
            .Select(k => $"<input type=\"hidden\" name=\"{k}\" value=\"{WebUtility.HtmlEncode(query[k])}\">"));
        var body = new StringBuilder($"<!doctype html><html lang=\"nb\"><head><meta charset=\"utf-8\"><title>{issuer.Name} (simulator)</title></head><body>");
        body.Append($"<h1>Logg inn - {issuer.Name} (simulator, TestID)</h1><form method=\"post\">{hidden}");
        if (issuer.Kind == IssuerKind.Staff)
        {
            body.Append("<label>HPR-nummer <input name=\"hpr\" value=\"1234567\"></label><label>Enhet (unitId) <input name=\"unitId\"></label>");
            body.Append("<label>Rolle <select name=\"role\"><option>nurse</option><option>admin</option><option>operator</option></select></label>");
        }
        else
        {
            body.Append("<label>Person <select name=\"pid\">");
            foreach (var person in register.All)
            {
                body.Append($"<option value=\"{person.Pid}\">{WebUtility.HtmlEncode(person.Name)} ({string.Join(", ", person.Tags)})</option>");
            }

            body.Append("</select></label>");
            if (issuer.Kind == IssuerKind.Citizen)
            {
                // Feide asserts its own level ("feide"); only ID-porten's page offers ID-porten's levels.
                body.Append("<label>Sikkerhetsnivå <select name=\"acr\"><option>idporten-loa-high</option><option>idporten-loa-substantial</option></select></label>");
            }
        }

        body.Append("<button type=\"submit\">Logg inn</button></form></body></html>");
        return Results.Content(body.ToString(), "text/html; charset=utf-8");
    }

    private static async Task<IResult> AuthorizeAsync(SimulatedIssuer issuer, HttpRequest request, TimeProvider time)
    {
        var form = await request.ReadFormAsync();
        var redirect = form["redirect_uri"].ToString();
        if (!Uri.TryCreate(redirect, UriKind.Absolute, out _))
        {
            return OAuthError("invalid_request", "redirect_uri must be an absolute URI.");
        }

        if (form["code_challenge"].Count > 0 && form["code_challenge_method"].ToString() != "S256")
        {
            return OAuthError("invalid_request", "Only code_challenge_method=S256 is supported.");
        }

        var built = ClaimsFrom(issuer, form["pid"], form["acr"], null, form["hpr"], form["unitId"], form["role"]);
        if (built.Error is not null)
        {
            return OAuthError("invalid_request", built.Error);
        }

        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24));
        var challenge = form["code_challenge"].FirstOrDefault();
        var nonce = form["nonce"].FirstOrDefault();
        Codes[code] = new PendingCode(issuer, built.Claims!, form["client_id"].ToString(), redirect, string.IsNullOrEmpty(challenge) ? null : challenge, nonce, time.GetUtcNow().UtcDateTime.AddMinutes(2));
        var separator = redirect.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return Results.Redirect($"{redirect}{separator}code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(form["state"].ToString())}");
    }

    /// <summary>OpenID Connect's at_hash for RS256: the left half of the access token's SHA-256, base64url.</summary>
    private static string AtHash(string accessToken) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken))[..16]);

    private static string S256(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private static IResult OAuthError(string error, string description) =>
        Results.Json(new { error, error_description = description }, statusCode: StatusCodes.Status400BadRequest);
}
