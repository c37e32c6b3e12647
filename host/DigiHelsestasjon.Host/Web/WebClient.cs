using System.IdentityModel.Tokens.Jwt;
using DigiHelsestasjon.Host.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

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

    public static IServiceCollection AddWebClient(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDataProtection().SetApplicationName("DigiHelsestasjon");
        services.AddSingleton<WebSessionCookies>();
        services.AddHttpClient(HttpClientName);
        services.AddWebLogin(configuration);

        // The key ring is in the database (the Identity module), in a table the start-up migration makes. The framework's
        // warm-up at start would read it before the migration ran and log a missing table; the first login reads it instead.
        // Last here: the login handlers' registration adds the warm-up again.
        foreach (var warmUp in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "DataProtectionHostedService").ToList())
        {
            services.Remove(warmUp);
        }

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
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".br"] = "application/octet-stream";
        types.Mappings[".gz"] = "application/octet-stream";
        var options = new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = types,
            OnPrepareResponse = context => PageHeaders(context.Context.Response, context.File.Name),
        };
        app.UsePrecompressedAssets(files, types);
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

    /// <summary>An asset asked for by a browser that accepts Brotli or gzip is answered with the copy the build compressed
    /// (<c>scripts/compress.mjs</c>), under the original's content type; any other request gets the file as it is.</summary>
    private static void UsePrecompressedAssets(this WebApplication app, PhysicalFileProvider files, FileExtensionContentTypeProvider types) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                && request.Path.StartsWithSegments("/assets") && request.Path.Value is { } path
                && types.TryGetContentType(path, out var contentType))
            {
                var accepted = request.GetTypedHeaders().AcceptEncoding;
                foreach (var (encoding, suffix) in Precompressed)
                {
                    if (accepted.Any(a => a.Value.Equals(encoding, StringComparison.OrdinalIgnoreCase) && a.Quality is not <= 0) && files.GetFileInfo(path + suffix).Exists)
                    {
                        request.Path = path + suffix;
                        context.Response.Headers.ContentEncoding = encoding;
                        context.Response.OnStarting(() =>
                        {
                            context.Response.ContentType = contentType;
                            return Task.CompletedTask;
                        });
                        break;
                    }
                }

                // Caches between keep one copy per encoding.
                context.Response.Headers.Vary = "Accept-Encoding";
            }

            await next(context);
        });

    private static readonly (string Encoding, string Suffix)[] Precompressed = [("br", ".br"), ("gzip", ".gz")];

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
        bff.MapGet("/login", Login);
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

    /// <summary>Starts the login at the issuer through its OpenID Connect scheme (<see cref="WebLogin"/>), which comes back to
    /// <c>/bff/callback/{issuer}</c> and then to the return address, if that is one of the client's own pages.</summary>
    private static IResult Login(string? issuer, string? returnUrl, IConfiguration configuration)
    {
        var names = PlatformAuthentication.Issuers(configuration).Select(i => i.Name).ToList();
        if (issuer is null || !names.Contains(issuer, StringComparer.Ordinal))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown issuer",
                detail: $"issuer must be one of: {string.Join(", ", names)}.");
        }

        return Results.Challenge(new Microsoft.AspNetCore.Authentication.AuthenticationProperties { RedirectUri = LocalOnly(returnUrl) }, [WebLogin.SchemeOf(issuer)]);
    }

    /// <summary>A staff member's roles (nurse, admin, ...), so the console shows what they may use; nothing personal.</summary>
    private static string[] RolesOf(WebSession session) =>
        new JwtSecurityTokenHandler().ReadJwtToken(session.AccessToken).Claims.Where(c => c.Type == "role").Select(c => c.Value).ToArray();

    /// <summary>Only one of the client's own pages, in plain characters: an open redirect would let a link through our login
    /// lead anywhere, and browsers drop tabs and newlines from an address ("/\t/evil" becomes "//evil"). The pattern ends in \z,
    /// not $: $ also matches before a final newline, and "/innbygger\n" would pass and break the redirect.</summary>
    internal static string LocalOnly(string? returnUrl) =>
        returnUrl is { Length: > 0 and <= 200 } url && ReturnPath().IsMatch(url) ? url : "/";

    [System.Text.RegularExpressions.GeneratedRegex("^/((innbygger|ungdom|ansatt)(/[A-Za-z0-9_-]+)*|innlogget)?\\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ReturnPath();
}
