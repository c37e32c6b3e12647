using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using DigiHelsestasjon.BuildingBlocks.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DigiHelsestasjon.Host.Infrastructure;

/// <summary>OpenTelemetry: traces of requests, MediatR sends, SQL on PostgreSQL, outgoing HTTP and the work the queues
/// pick up later (the trace goes on through the stored traceparent); the platform's meters, ASP.NET Core's, HttpClient's
/// and the runtime's. Exported over OTLP when <c>Telemetry:Otlp:Endpoint</c> (or the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) is set, and as Prometheus text at <c>/metrics</c> for operators.</summary>
internal static class PlatformObservability
{
    public const string MetricsPath = "/metrics";
    public const string MetricsPolicy = "metrics";

    public static IServiceCollection AddPlatformTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["Telemetry:ServiceName"] ?? "digihelsestasjon"))
            .WithTracing(tracing => tracing
                .AddSource(PlatformTelemetry.AllSources)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsProbeOrScrape(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddMeter(PlatformTelemetry.AllSources)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddPrometheusExporter());

        if (configuration["Telemetry:Otlp:Endpoint"] is { Length: > 0 } endpoint)
        {
            var protocol = configuration["Telemetry:Otlp:Protocol"] is "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            telemetry.UseOtlpExporter(protocol, new Uri(endpoint));
        }
        else if (!string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ScrapeTokenHandler>(ScrapeTokenHandler.Name, null);
        return services;
    }

    /// <summary>Who may read <c>/metrics</c>: an operator (HelseID role <c>operator</c>), or a scraper holding the token
    /// configured as <c>Telemetry:Metrics:ScrapeToken</c> (Prometheus cannot log in to HelseID).</summary>
    public static AuthorizationBuilder AddMetricsPolicy(this AuthorizationBuilder authorization, string[] staffSchemes) =>
        authorization.AddPolicy(MetricsPolicy, policy => policy
            .AddAuthenticationSchemes([.. staffSchemes, ScrapeTokenHandler.Name])
            .RequireAuthenticatedUser()
            .RequireAssertion(context => context.User.HasClaim("role", "operator") || context.User.HasClaim("role", ScrapeTokenHandler.Role)));

    public static WebApplication MapPlatformMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(MetricsPolicy);
        return app;
    }

    private static bool IsProbeOrScrape(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments(MetricsPath);

    /// <summary>The scrape token as a bearer token, compared in constant time. No token configured: nobody passes here.</summary>
    private sealed class ScrapeTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IConfiguration configuration)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string Name = "metrics-scrape";
        public const string Role = "metrics-scraper";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var expected = configuration["Telemetry:Metrics:ScrapeToken"];
            var header = Request.Headers.Authorization.ToString();
            if (string.IsNullOrEmpty(expected) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var given = SHA256.HashData(Encoding.UTF8.GetBytes(header[7..].Trim()));
            if (!CryptographicOperations.FixedTimeEquals(given, SHA256.HashData(Encoding.UTF8.GetBytes(expected))))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim("role", Role)], Name);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Name)));
        }
    }
}
