using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace DigiHelsestasjon.Host.Web;

/// <summary>What the browser's session cookie carries: the access token and the issuer that gave it, encrypted and
/// signed with the host's data-protection keys. The browser holds it only as an HttpOnly cookie it cannot read,
/// and any host instance sharing the key ring can open it. <see cref="Id"/> is random: a logout ends that id on the
/// server (Identity's ended sessions), so a copy of the cookie taken before the logout is refused after it.</summary>
internal sealed record WebSession(string Issuer, string Kind, string AccessToken, DateTimeOffset ExpiresAt, string? Id = null);

internal sealed class WebSessionCookies(IDataProtectionProvider protection, TimeProvider time)
{
    // __Host-: only this origin, path /, Secure; browsers treat http://localhost as secure, so this holds on the embedded default too.
    public const string SessionCookie = "__Host-dh-session";

    /// <summary>API calls that ride on the session cookie must carry this header. A page on another site cannot add
    /// it without a CORS preflight the host never grants, so a forged form post or image tag gets no session.</summary>
    public const string AntiForgeryHeader = "X-CSRF";

    private readonly IDataProtector sessions = protection.CreateProtector("DigiHelsestasjon.Web.Session.v1");

    /// <summary>The cookie's session, if it is unexpired and was not ended by a logout (asked of the database: any instance
    /// may have seen the logout). A cookie from before sessions had an id is no session: the person logs in again.</summary>
    public async Task<WebSession?> SessionAsync(HttpContext context)
    {
        var session = Open<WebSession>(sessions, context.Request.Cookies[SessionCookie]);
        if (session is not { Id: { Length: > 0 } id } || session.ExpiresAt <= time.GetUtcNow())
        {
            return null;
        }

        var mediator = context.RequestServices.GetRequiredService<MediatR.IMediator>();
        return await mediator.Send(new Identity.Contracts.IsWebSessionEnded(id), context.RequestAborted) ? null : session;
    }

    // No Expires: the cookie ends with the browser (a shared device), and the session inside it ends with the token anyway.
    public void StartSession(HttpResponse response, WebSession session) =>
        response.Cookies.Append(SessionCookie, sessions.Protect(JsonSerializer.Serialize(
            session with { Id = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) })), CookieSettings());

    /// <summary>Ends the session on the server (every copy of the cookie is refused from now on) and deletes the cookie.</summary>
    public async Task EndSessionAsync(HttpContext context)
    {
        var session = Open<WebSession>(sessions, context.Request.Cookies[SessionCookie]);
        if (session is { Id: { Length: > 0 } id })
        {
            await context.RequestServices.GetRequiredService<MediatR.IMediator>().Send(new Identity.Contracts.EndWebSession(id, session.ExpiresAt), context.RequestAborted);
        }

        EndSession(context.Response);
    }

    public void EndSession(HttpResponse response) => response.Cookies.Delete(SessionCookie, CookieSettings());

    // Strict: the session cookie never rides on a request another site starts (the login's own cookies are the
    // OpenID Connect handler's). No Expires: see StartSession.
    private static CookieOptions CookieSettings() => new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        IsEssential = true,
    };

    private static T? Open<T>(IDataProtector protector, string? cookie)
        where T : class
    {
        if (string.IsNullOrEmpty(cookie))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(protector.Unprotect(cookie));
        }
        catch (Exception unreadable) when (unreadable is System.Security.Cryptography.CryptographicException or JsonException or FormatException)
        {
            // A cookie from an old key ring, or tampered with: no session, the person logs in again.
            return null;
        }
    }
}
