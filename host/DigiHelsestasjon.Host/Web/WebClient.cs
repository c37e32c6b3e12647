using System.Collections.Concurrent;
using System.IdentityModel.Tokens.Jwt;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DigiHelsestasjon.Host.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace DigiHelsestasjon.Host.Web;

/// <summary>The web client (host/DigiHelsestasjon.Web, built into <c>web/</c> beside the host) and its
/// backend-for-frontend: the host runs the authorization-code flow with PKCE against the configured issuers, keeps the
/// token out of the browser's reach (an HttpOnly cookie it cannot read) and lets the pages call <c>/api</c> with that
/// cookie plus the <see cref="WebSessionCookies.AntiForgeryHeader"/> header.</summary>
internal static partial class WebClient
{
    public const string HttpClientName = "web-login";

    // The client's own pages: everything else (the API's unknown routes, odd spellings such as //api or /api%2F) stays a 404.
    private static readonly string[] ClientRoutes = ["/innbygger/{**rest}", "/ungdom/{**rest}", "/ansatt/{**rest}", "/innlogget"];

    public static string Root(IConfiguration configuration) =>
        configuration["Web:Root"] ?? Path.Combine(AppContext.BaseDirectory, "web");

    public static IServiceCollection AddWebClient(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("DigiHelsestasjon");
        services.AddSingleton<WebSessionCookies>();
        services.AddSingleton<IssuerDiscovery>();
        services.AddHttpClient(HttpClientName);
        return services;
    }

    /// <summary>Before authentication: a call to <c>/api</c> with the session cookie and no token of its own gets the
    /// session's token, if it carries the anti-forgery header.</summary>
    public static IApplicationBuilder UseWebSession(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api") && string.IsNullOrEmpty(request.Headers.Authorization)
            && request.Cookies.ContainsKey(WebSessionCookies.SessionCookie))
        {
            if (request.Headers[WebSessionCookies.AntiForgeryHeader] != "1")
            {
                await Results.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "Missing anti-forgery header",
                    detail: $"A call that uses the session cookie must carry the header {WebSessionCookies.AntiForgeryHeader}: 1.",
                    extensions: new Dictionary<string, object?> { ["code"] = "antiforgery-header-missing" }).ExecuteAsync(context);
                return;
            }

            if (await context.RequestServices.GetRequiredService<WebSessionCookies>().SessionAsync(context) is { } session)
            {
                request.Headers.Authorization = "Bearer " + session.AccessToken;
            }
        }

        await next(context);
    });

    /// <summary>The built pages, with a content security policy that allows nothing but this origin.</summary>
    public static bool UseWebClientFiles(this WebApplication app)
    {
        var root = Root(app.Configuration);
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            app.Logger.LogWarning("The web client is not built ({Root} has no index.html): only the API and the simulators answer. Build the host with Node.js installed.", root);
            return false;
        }

        var files = new PhysicalFileProvider(root);
        var options = new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context => PageHeaders(context.Context.Response, context.File.Name),
        };
        app.UseStaticFiles(options);
        // The client's pages are all index.html: its router shows what the path names.
        RequestDelegate page = async context =>
        {
            PageHeaders(context.Response, "index.html");
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.SendFileAsync(files.GetFileInfo("index.html"));
        };
        app.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], page).ExcludeFromDescription();
        foreach (var route in ClientRoutes)
        {
            app.MapMethods(route, [HttpMethods.Get, HttpMethods.Head], page).ExcludeFromDescription();
        }
        return true;
    }

    private static void PageHeaders(HttpResponse response, string fileName)
    {
        if (fileName.EndsWith(".html", StringComparison.Ordinal))
        {
            // Inline styles are allowed for the design system's animations (style attributes); scripts only from here.
            response.Headers.ContentSecurityPolicy =
                "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
                "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'";
            // no-store: a page is never kept for the Back button or on disk (the youth chat's quick exit relies on it).
            response.Headers.CacheControl = "no-store";
        }
        else
        {
            // Vite names every asset by its content's hash: a changed file is a new name.
            response.Headers.CacheControl = "public, max-age=31536000, immutable";
        }
    }

    public static IEndpointRouteBuilder MapWebSessionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var bff = endpoints.MapGroup("/bff").WithTags("Web client session").ExcludeFromDescription();
        bff.MapGet("/login", LoginAsync);
        bff.MapGet("/callback", CallbackAsync);
        bff.MapGet("/session", async (HttpContext context, HttpResponse response, WebSessionCookies cookies) =>
        {
            response.Headers.CacheControl = "no-store";
            return await cookies.SessionAsync(context) is { } session
                ? Results.Json(new { authenticated = true, issuer = session.Issuer, kind = session.Kind, roles = RolesOf(session), expiresAt = session.ExpiresAt })
                : Results.Json(new { authenticated = false });
        });
        bff.MapPost("/logout", async (HttpContext context, WebSessionCookies cookies) =>
        {
            if (context.Request.Headers[WebSessionCookies.AntiForgeryHeader] != "1")
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing anti-forgery header",
                    detail: $"Log out with the header {WebSessionCookies.AntiForgeryHeader}: 1.");
            }

            // Ended on the server, not only deleted in this browser: a copy of the cookie taken earlier is refused from now on.
            await cookies.EndSessionAsync(context);
            return Results.NoContent();
        }).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> LoginAsync(
        string? issuer, string? returnUrl, HttpContext context, IConfiguration configuration, IssuerDiscovery discovery, WebSessionCookies cookies, TimeProvider time)
    {
        var settings = PlatformAuthentication.Issuers(configuration).FirstOrDefault(i => i.Name == issuer);
        if (settings is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown issuer",
                detail: $"issuer must be one of: {string.Join(", ", PlatformAuthentication.Issuers(configuration).Select(i => i.Name))}.");
        }

        var metadata = await discovery.GetAsync(settings, context.RequestAborted);
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var state = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        var nonce = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        cookies.StartLogin(context.Response, new PendingLogin(settings.Name, state, verifier, nonce, LocalOnly(returnUrl), time.GetUtcNow()));
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = ClientId(configuration, settings.Name),
            ["redirect_uri"] = CallbackUri(context.Request, configuration),
            ["scope"] = configuration[$"Web:Clients:{settings.Name}:Scope"] ?? "openid",
            ["state"] = state,
            ["nonce"] = nonce,
            ["code_challenge"] = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
            ["ui_locales"] = "nb",
        };
        return Results.Redirect(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(metadata.AuthorizationEndpoint, query));
    }

    private static async Task<IResult> CallbackAsync(
        string? code, string? state, string? error, HttpContext context, IConfiguration configuration, IssuerDiscovery discovery,
        WebSessionCookies cookies, IHttpClientFactory http, ILoggerFactory loggers)
    {
        var login = cookies.Login(context.Request);
        cookies.EndLogin(context.Response);
        if (login is null || string.IsNullOrEmpty(state) || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(state), Encoding.ASCII.GetBytes(login.State)))
        {
            return Results.Redirect("/?innlogging=utlopt");
        }

        if (!string.IsNullOrEmpty(error) || string.IsNullOrEmpty(code))
        {
            return Results.Redirect("/?innlogging=avbrutt");
        }

        var settings = PlatformAuthentication.Issuers(configuration).First(i => i.Name == login.Issuer);
        var metadata = await discovery.GetAsync(settings, context.RequestAborted);
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = CallbackUri(context.Request, configuration),
            ["client_id"] = ClientId(configuration, settings.Name),
            ["code_verifier"] = login.CodeVerifier,
        };
        if (configuration[$"Web:Clients:{settings.Name}:ClientSecret"] is { Length: > 0 } secret)
        {
            form["client_secret"] = secret;
        }

        using var answer = await http.CreateClient(HttpClientName).PostAsync(metadata.TokenEndpoint, new FormUrlEncodedContent(form), context.RequestAborted);
        if (!answer.IsSuccessStatusCode)
        {
            // The issuer's reason goes to the log (no person data in a token error), the person gets a plain "try again".
            loggers.CreateLogger(typeof(WebClient)).LogWarning("The token exchange with {Issuer} failed with {Status}.", settings.Name, (int)answer.StatusCode);
            return Results.Redirect("/?innlogging=feilet");
        }

        using var document = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(context.RequestAborted));
        var accessToken = document.RootElement.GetProperty("access_token").GetString()!;
        var expires = new JwtSecurityTokenHandler().ReadJwtToken(accessToken).ValidTo;
        cookies.StartSession(context.Response, new WebSession(settings.Name, settings.Kind, accessToken, new DateTimeOffset(expires, TimeSpan.Zero)));
        return Results.Redirect(login.ReturnUrl);
    }

    /// <summary>A staff member's roles (nurse, admin, ...), so the console shows what they may use; nothing personal.</summary>
    private static string[] RolesOf(WebSession session) =>
        new JwtSecurityTokenHandler().ReadJwtToken(session.AccessToken).Claims.Where(c => c.Type == "role").Select(c => c.Value).ToArray();

    private static string ClientId(IConfiguration configuration, string issuer) =>
        configuration[$"Web:Clients:{issuer}:ClientId"] ?? configuration["Web:ClientId"] ?? "digihelsestasjon-web";

    /// <summary>Where the issuer sends the browser back: configured (<c>Web:PublicOrigin</c>, else <c>PublicBaseUrl</c>, which
    /// Production requires), and only in Development and Testing the request's own Host header, which is the caller's to choose.</summary>
    private static string CallbackUri(HttpRequest request, IConfiguration configuration) =>
        ((configuration["Web:PublicOrigin"] ?? configuration["PublicBaseUrl"])?.TrimEnd('/') is { Length: > 0 } origin ? origin : $"{request.Scheme}://{request.Host}")
        + "/bff/callback";

    /// <summary>Only one of the client's own pages, in plain characters: an open redirect would let a link through our login
    /// lead anywhere, and browsers drop tabs and newlines from an address ("/\t/evil" becomes "//evil"). The pattern ends in \z,
    /// not $: $ also matches before a final newline, and "/innbygger\n" would pass and break the redirect.</summary>
    internal static string LocalOnly(string? returnUrl) =>
        returnUrl is { Length: > 0 and <= 200 } url && ReturnPath().IsMatch(url) ? url : "/";

    [System.Text.RegularExpressions.GeneratedRegex("^/((innbygger|ungdom|ansatt)(/[A-Za-z0-9_-]+)*|innlogget)?\\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ReturnPath();
}

/// <summary>Each issuer's discovery document, fetched once and refreshed as the configuration manager decides.</summary>
internal sealed class IssuerDiscovery(IHttpClientFactory http)
{
    private readonly ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> managers = new();

    public Task<OpenIdConnectConfiguration> GetAsync(IssuerSettings issuer, CancellationToken cancellationToken) =>
        managers.GetOrAdd(issuer.MetadataAddress, address => new ConfigurationManager<OpenIdConnectConfiguration>(
            address,
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(http.CreateClient(WebClient.HttpClientName)) { RequireHttps = issuer.RequireHttpsMetadata }))
            .GetConfigurationAsync(cancellationToken);
}
