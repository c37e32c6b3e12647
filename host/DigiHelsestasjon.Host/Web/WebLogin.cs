using DigiHelsestasjon.Host.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace DigiHelsestasjon.Host.Web;

/// <summary>The web client's login: one OpenID Connect scheme per configured issuer (<c>web-idporten</c>, ...), run by
/// ASP.NET Core's own handler. It does the authorization-code flow with PKCE, checks state and nonce against the
/// browser's cookies, and validates the id_token's signature, issuer, audience (our client id) and lifetime against the
/// issuer's discovery document. What it leaves to us is what the platform keeps from a login: the access token in the
/// session cookie (<see cref="WebSessionCookies"/>), never a cookie sign-in of the handler's own.</summary>
internal static class WebLogin
{
    private static readonly object ExchangeStarted = new();

    public static string SchemeOf(string issuer) => "web-" + issuer;

    public static IServiceCollection AddWebLogin(this IServiceCollection services, IConfiguration configuration)
    {
        var authentication = services.AddAuthentication();
        foreach (var issuer in PlatformAuthentication.Issuers(configuration))
        {
            var scheme = SchemeOf(issuer.Name);
            authentication.AddOpenIdConnect(scheme, $"Web login ({issuer.Name})", options => Configure(options, issuer, configuration));

            // Discovery, JWKS and the code exchange over the host's named client (tests point it at the in-memory server),
            // and every time on the platform's clock.
            services.AddOptions<OpenIdConnectOptions>(scheme).Configure<IHttpClientFactory, TimeProvider>((options, http, time) =>
            {
                options.Backchannel = http.CreateClient(WebClient.HttpClientName);
                options.TimeProvider = time;
                options.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, _) => PlatformAuthentication.IsWithinLifetime(time, notBefore, expires);
            });
        }

        return services;
    }

    private static void Configure(OpenIdConnectOptions options, IssuerSettings issuer, IConfiguration configuration)
    {
        options.MetadataAddress = issuer.MetadataAddress;
        options.RequireHttpsMetadata = issuer.RequireHttpsMetadata;
        options.ClientId = configuration[$"Web:Clients:{issuer.Name}:ClientId"] ?? configuration["Web:ClientId"] ?? "digihelsestasjon-web";
        options.ClientSecret = configuration[$"Web:Clients:{issuer.Name}:ClientSecret"] is { Length: > 0 } secret ? secret : null;
        options.ResponseType = OpenIdConnectResponseType.Code;
        options.UsePkce = true;
        options.PushedAuthorizationBehavior = PushedAuthorizationBehavior.Disable;
        options.CallbackPath = $"/bff/callback/{issuer.Name}";
        options.Scope.Clear();
        foreach (var scope in (configuration[$"Web:Clients:{issuer.Name}:Scope"] ?? "openid").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            options.Scope.Add(scope);
        }

        options.MapInboundClaims = false;
        options.GetClaimsFromUserInfoEndpoint = false;
        // The tokens ride in the ticket's properties to OnTicketReceived; the ticket itself is never signed in anywhere.
        options.SaveTokens = true;
        options.DisableTelemetry = true;
        options.TokenValidationParameters.ValidIssuer = issuer.Issuer;
        options.TokenValidationParameters.NameClaimType = "sub";

        // A login started and not finished within ten minutes starts again.
        options.RemoteAuthenticationTimeout = TimeSpan.FromMinutes(10);
        options.ProtocolValidator.NonceLifetime = TimeSpan.FromMinutes(10);

        // Lax, not the handler's None: the issuer's redirect back is a top-level navigation, which Lax cookies follow, and
        // nothing else needs them. Secure always: browsers treat http://localhost as secure, so this holds on the embedded default.
        foreach (var cookie in new CookieBuilder[] { options.NonceCookie, options.CorrelationCookie })
        {
            cookie.SameSite = SameSiteMode.Lax;
            cookie.SecurePolicy = CookieSecurePolicy.Always;
            cookie.HttpOnly = true;
        }

        options.Events = new OpenIdConnectEvents
        {
            OnRedirectToIdentityProvider = context =>
            {
                // Behind a proxy the request's own address is not the one the issuer must send the browser back to.
                if (PublicOrigin(configuration) is { } origin)
                {
                    context.ProtocolMessage.RedirectUri = origin + context.Options.CallbackPath;
                }

                context.ProtocolMessage.SetParameter("ui_locales", "nb");
                return Task.CompletedTask;
            },
            OnMessageReceived = context =>
            {
                // The person stopped at the issuer (or the issuer refused): back to the front page saying so.
                if (!string.IsNullOrEmpty(context.ProtocolMessage?.Error))
                {
                    context.Response.Redirect("/?innlogging=avbrutt");
                    context.HandleResponse();
                }

                return Task.CompletedTask;
            },
            OnAuthorizationCodeReceived = context =>
            {
                // State and correlation held: what fails from here is the exchange or the id_token, not a stale callback.
                context.HttpContext.Items[ExchangeStarted] = true;
                return Task.CompletedTask;
            },
            // Not OnTokenValidated: the handler checks the nonce and at_hash only after that event, so ending the login there
            // would skip them. A ticket is received once every check has passed.
            OnTicketReceived = context =>
            {
                if (context.Properties?.GetTokenValue("access_token") is not { Length: > 0 } accessToken)
                {
                    context.Fail("The issuer's token answer has no access token.");
                    return Task.CompletedTask;
                }

                var expires = new DateTimeOffset(new JsonWebToken(accessToken).ValidTo, TimeSpan.Zero);
                var cookies = context.HttpContext.RequestServices.GetRequiredService<WebSessionCookies>();
                cookies.StartSession(context.Response, new WebSession(issuer.Name, issuer.Kind, accessToken, expires));
                context.Response.Redirect(WebClient.LocalOnly(context.ReturnUri));
                context.HandleResponse();
                return Task.CompletedTask;
            },
            OnAccessDenied = context =>
            {
                context.Response.Redirect("/?innlogging=avbrutt");
                context.HandleResponse();
                return Task.CompletedTask;
            },
            OnRemoteFailure = context =>
            {
                var stale = !context.HttpContext.Items.ContainsKey(ExchangeStarted);

                // The reason goes to the log (IdentityModel hides token contents in its messages), the person gets a plain "try again".
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebLogin))
                    .LogWarning("A login with {Issuer} was refused ({Stage}): {Reason}", issuer.Name, stale ? "callback" : "token", context.Failure?.Message);
                context.Response.Redirect(stale ? "/?innlogging=utlopt" : "/?innlogging=feilet");
                context.HandleResponse();
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>Where the issuer sends the browser back: configured (<c>Web:PublicOrigin</c>, else <c>PublicBaseUrl</c>, which
    /// Production requires); without either (Development and Testing) the handler uses the request's own address.</summary>
    private static string? PublicOrigin(IConfiguration configuration) =>
        (configuration["Web:PublicOrigin"] ?? configuration["PublicBaseUrl"])?.TrimEnd('/') is { Length: > 0 } origin ? origin : null;
}
