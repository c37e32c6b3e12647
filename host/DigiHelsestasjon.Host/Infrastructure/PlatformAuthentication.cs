using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using DigiHelsestasjon.BuildingBlocks.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace DigiHelsestasjon.Host.Infrastructure;

/// <summary>One configured token issuer: <c>Authentication:Issuers:&lt;name&gt;</c>.</summary>
internal sealed record IssuerSettings(string Name, string Issuer, string MetadataAddress, string Kind, bool RequireHttpsMetadata, IReadOnlyList<string> AcceptedAcr)
{
    /// <summary>The levels of assurance an issuer of this kind may assert unless configured: ID-porten's
    /// for citizens, "feide" for pupils, none for staff (staff endpoints do not read acr).</summary>
    public static IReadOnlyList<string> DefaultAcceptedAcr(string kind) => kind switch
    {
        "Citizen" => [AssuranceLevels.High, AssuranceLevels.Substantial],
        "Pupil" => [AssuranceLevels.Feide],
        _ => [],
    };
}

/// <summary>Bearer tokens validated against each configured issuer's discovery document and
/// JWKS: issuer, audience, lifetime (on the platform's clock), signature (RS256/ES256/PS256 only; no
/// "none"). A policy scheme picks the issuer's scheme by the token's <c>iss</c>.</summary>
internal static class PlatformAuthentication
{
    /// <summary>The names of the issuers the host trusts; validated at start-up.</summary>
    internal sealed class TrustedIssuers
    {
        public List<string> Names { get; set; } = [];
    }

    public const string Scheme = "Bearer";

    /// <summary>Each configured issuer (where the demo runs, its simulated issuers are among them: it fills in their settings).</summary>
    public static IReadOnlyList<IssuerSettings> Issuers(IConfiguration configuration) =>
        configuration.GetSection("Authentication:Issuers").GetChildren()
            .Select(s => new IssuerSettings(
                s.Key,
                s["Issuer"] ?? throw new InvalidOperationException($"Authentication:Issuers:{s.Key}:Issuer is missing."),
                s["MetadataAddress"] ?? $"{s["Issuer"]!.TrimEnd('/')}/.well-known/openid-configuration",
                s["Kind"] ?? "Citizen",
                s.GetValue("RequireHttpsMetadata", true),
                AcceptedAcr(s) ?? IssuerSettings.DefaultAcceptedAcr(s["Kind"] ?? "Citizen")))
            .ToList();

    /// <summary><c>AcceptedAcr</c>: a list (<c>AcceptedAcr:0</c>, ...) or one space-separated string; null when not set.</summary>
    private static List<string>? AcceptedAcr(IConfigurationSection issuer)
    {
        var section = issuer.GetSection("AcceptedAcr");
        var values = section.Value is { } single
            ? single.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList()
            : section.GetChildren().Select(c => c.Value).OfType<string>().ToList();
        return section.Exists() ? values : null;
    }

    public static IServiceCollection AddPlatformAuthentication(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // Why a token failed ("the audience 'x' is invalid") helps a developer and an attacker alike.
        var includeErrorDetails = environment.IsDevelopment();
        var audience = configuration["Authentication:Audience"] ?? "digihelsestasjon";
        var issuers = Issuers(configuration);
        var schemeByIssuer = issuers.ToDictionary(i => i.Issuer, i => i.Name, StringComparer.Ordinal);

        // Without an issuer every request would fail inside authentication (500s, /health included):
        // refuse to start instead, saying what to configure.
        services.AddOptions<TrustedIssuers>()
            .Configure(options => options.Names = issuers.Select(i => i.Name).ToList())
            .Validate(
                options => options.Names.Count > 0,
                "No token issuer is configured. Set Authentication:Issuers:<name>:Issuer (for example ID-porten's issuer) and its Kind; the simulated issuers exist only where the demo runs (Development, Testing or Demo:Enabled).")
            .ValidateOnStart();

        var authentication = services.AddAuthentication(Scheme).AddPolicyScheme(Scheme, "Bearer (by issuer)", options =>
        {
            options.ForwardDefaultSelector = context =>
            {
                if (IssuerOf(context) is { } issuer && schemeByIssuer.TryGetValue(issuer, out var scheme))
                {
                    return scheme;
                }

                // Unknown issuer, unreadable token or no token: the first scheme answers 401.
                return issuers.Count > 0 ? issuers[0].Name : null;
            };
        });

        foreach (var issuer in issuers)
        {
            authentication.AddJwtBearer(issuer.Name, options =>
            {
                options.MetadataAddress = issuer.MetadataAddress;
                options.RequireHttpsMetadata = issuer.RequireHttpsMetadata;
                options.MapInboundClaims = false;
                options.IncludeErrorDetails = includeErrorDetails;
                options.Events = new JwtBearerEvents
                {
                    // A token that is not even a JWT ("Bearer a.b.c") fails here, quietly: without this
                    // the handler would log a stack trace for every such request.
                    OnMessageReceived = context =>
                    {
                        if (BearerToken(context.Request) is null)
                        {
                            return Task.CompletedTask;
                        }

                        var tokenIssuer = IssuerOf(context.HttpContext);
                        if (tokenIssuer is null)
                        {
                            context.Fail("The bearer token cannot be read.");
                        }
                        else if (tokenIssuer != issuer.Issuer && schemeByIssuer.ContainsKey(tokenIssuer))
                        {
                            // A policy names several schemes (a citizen may come from ID-porten or Feide) and each one
                            // authenticates: another trusted issuer's token is that scheme's to check, not a failed
                            // validation here (which costs a signature look-up and an exception on every request).
                            context.NoResult();
                        }

                        return Task.CompletedTask;
                    },

                    // The level of assurance counts only from an issuer trusted to assert it: a Feide
                    // token saying "idporten-loa-high" is a Feide login, not ID-porten's level high.
                    OnTokenValidated = context =>
                    {
                        if (context.Principal?.Identity is ClaimsIdentity identity)
                        {
                            foreach (var acr in identity.FindAll("acr").Where(c => !issuer.AcceptedAcr.Contains(c.Value, StringComparer.Ordinal)).ToList())
                            {
                                identity.RemoveClaim(acr);
                            }
                        }

                        return Task.CompletedTask;
                    },
                };
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = issuer.Issuer,
                    ValidAudience = audience,
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSsaPssSha256],
                    NameClaimType = "sub",
                    AuthenticationType = issuer.Kind,
                };
            });
        }

        // Lifetime on the platform's clock (TimeProvider), so it is the same clock everywhere.
        services.AddSingleton<Microsoft.Extensions.Options.IPostConfigureOptions<JwtBearerOptions>, LifetimeOnPlatformClock>();

        services.AddAuthorizationBuilder()
            .AddPolicy(PlatformPolicies.Citizen, policy => policy
                .AddAuthenticationSchemes(issuers.Where(i => i.Kind is "Citizen" or "Pupil").Select(i => i.Name).DefaultIfEmpty(Scheme).ToArray())
                .RequireAuthenticatedUser()
                .RequireClaim("pid"))
            .AddPolicy(PlatformPolicies.Staff, policy => policy
                .AddAuthenticationSchemes(issuers.Where(i => i.Kind == "Staff").Select(i => i.Name).DefaultIfEmpty(Scheme).ToArray())
                .RequireAuthenticatedUser()
                .RequireClaim("helseid://claims/hpr/hpr_number"))
            .AddPolicy(PlatformPolicies.Admin, policy => policy
                .AddAuthenticationSchemes(issuers.Where(i => i.Kind == "Staff").Select(i => i.Name).DefaultIfEmpty(Scheme).ToArray())
                .RequireAuthenticatedUser()
                .RequireClaim("role", "admin", PlatformPolicies.NationalAdmin))
            .AddPolicy(PlatformPolicies.NationalAdmin, policy => policy
                .AddAuthenticationSchemes(issuers.Where(i => i.Kind == "Staff").Select(i => i.Name).DefaultIfEmpty(Scheme).ToArray())
                .RequireAuthenticatedUser()
                .RequireClaim("role", PlatformPolicies.NationalAdmin))
            .AddPolicy(PlatformPolicies.Operator, policy => policy
                .AddAuthenticationSchemes(issuers.Where(i => i.Kind == "Staff").Select(i => i.Name).DefaultIfEmpty(Scheme).ToArray())
                .RequireAuthenticatedUser()
                .RequireClaim("role", "operator"))
            .AddMetricsPolicy(issuers.Where(i => i.Kind == "Staff").Select(i => i.Name).DefaultIfEmpty(Scheme).ToArray());
        return services;
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }

    private static readonly object IssuerKey = new();

    /// <summary>The bearer token's issuer, read once per request (the scheme selector and every scheme's handler ask).</summary>
    private static string? IssuerOf(HttpContext context)
    {
        if (context.Items.TryGetValue(IssuerKey, out var known))
        {
            return (string?)known;
        }

        var issuer = IssuerOf(BearerToken(context.Request));
        context.Items[IssuerKey] = issuer;
        return issuer;
    }

    /// <summary>The token's <c>iss</c>, or null for anything that cannot be read as a JWT (never an exception:
    /// the token is the caller's input, and a bad one is a 401, not a 500).</summary>
    private static string? IssuerOf(string? token)
    {
        var handler = new JwtSecurityTokenHandler();
        if (string.IsNullOrEmpty(token) || !handler.CanReadToken(token))
        {
            return null;
        }

        try
        {
            return handler.ReadJwtToken(token).Issuer;
        }
        catch (Exception unreadable) when (unreadable is ArgumentException or SecurityTokenException or System.Text.Json.JsonException or FormatException)
        {
            return null;
        }
    }

    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);

    /// <summary>A token's lifetime on the platform's clock, with half a minute of skew either way.</summary>
    internal static bool IsWithinLifetime(TimeProvider time, DateTime? notBefore, DateTime? expires)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return expires is not null && now < expires.Value + Skew && (notBefore is null || now + Skew >= notBefore.Value);
    }

    private sealed class LifetimeOnPlatformClock(TimeProvider time) : Microsoft.Extensions.Options.IPostConfigureOptions<JwtBearerOptions>
    {
        public void PostConfigure(string? name, JwtBearerOptions options) =>
            options.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, _) => IsWithinLifetime(time, notBefore, expires);
    }
}
