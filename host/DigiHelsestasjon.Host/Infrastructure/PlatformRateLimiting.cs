using System.Globalization;
using System.Threading.RateLimiting;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.Epj.Sdk.Http;
using DigiHelsestasjon.EpjIntegration.Outbound;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace DigiHelsestasjon.Host.Infrastructure;

/// <summary>One limit: <c>RateLimiting:&lt;name&gt;:PermitLimit</c> requests per <c>RateLimiting:&lt;name&gt;:Window</c>.</summary>
internal sealed record RateLimit(int PermitLimit, TimeSpan Window)
{
    public static RateLimit From(IConfiguration configuration, string name, int permitLimit, TimeSpan window) => new(
        configuration.GetValue($"RateLimiting:{name}:PermitLimit", permitLimit),
        configuration.GetValue($"RateLimiting:{name}:Window", window));

    public FixedWindowRateLimiterOptions Options => new() { PermitLimit = PermitLimit, Window = Window, QueueLimit = 0, AutoReplenishment = true };
}

/// <summary>Fixed-window limits per caller: the authenticated subject on /api, the client IP on anonymous
/// routes (the API without a token, the simulators' token endpoints, the iCalendar feed), the installation on
/// the EPJ inbound route, and a tight one on granting powers of attorney (it takes someone else's number).
/// A refused request answers 429 with Retry-After. Defaults are generous; operators tune them.</summary>
internal static class PlatformRateLimiting
{
    public static IServiceCollection AddPlatformRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        if (!configuration.GetValue("RateLimiting:Enabled", true))
        {
            return services;
        }

        var subject = RateLimit.From(configuration, "Subject", 6000, TimeSpan.FromMinutes(1));
        var anonymous = RateLimit.From(configuration, "Anonymous", 3000, TimeSpan.FromMinutes(1));
        var epjInbound = RateLimit.From(configuration, "EpjInbound", 6000, TimeSpan.FromMinutes(1));
        var powerOfAttorneyGrants = RateLimit.From(configuration, "PowerOfAttorneyGrants", 20, TimeSpan.FromHours(1));

        var perCaller = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var request = context.Request;
            // The header is the caller's to choose: only an installation the platform knows gets a limit of its
            // own; made-up ids share the caller's address limit, so rotating them buys nothing.
            if (request.Path.StartsWithSegments("/api/v1/epj/inbound")
                && request.Headers[EpjRequestSigning.InstallationHeader].ToString() is { Length: > 0 } installation
                && context.RequestServices.GetService<EpjInstallations>()?.SecretOf(installation) is not null)
            {
                return RateLimitPartition.GetFixedWindowLimiter("epj:" + installation, _ => epjInbound.Options);
            }

            if (request.Path.StartsWithSegments("/api") && SubjectOf(context) is { } caller)
            {
                return RateLimitPartition.GetFixedWindowLimiter("subject:" + caller, _ => subject.Options);
            }

            return Limits(request.Path)
                ? RateLimitPartition.GetFixedWindowLimiter("ip:" + context.Connection.RemoteIpAddress, _ => anonymous.Options)
                : RateLimitPartition.GetNoLimiter("unlimited");
        });

        var grants = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/api/v1/me/powers-of-attorney")
                ? RateLimitPartition.GetFixedWindowLimiter("grants:" + (SubjectOf(context) ?? context.Connection.RemoteIpAddress?.ToString()), _ => powerOfAttorneyGrants.Options)
                : RateLimitPartition.GetNoLimiter("unlimited"));

        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(perCaller, grants);
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var problem = new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests.",
                        Detail = $"Try again in {seconds} seconds.",
                        Type = ProblemTypes.For("too-many-requests"),
                        Extensions = { ["code"] = "too-many-requests", ["retryAfterSeconds"] = seconds },
                    },
                };
                if (rejected.HttpContext.Request.Path.StartsWithSegments("/api/v1/youth-chat"))
                {
                    // A youth refused by the host's own limit (a school's shared address, a noisy neighbour) may need help now.
                    problem.ProblemDetails.Extensions["helpNow"] = DigiHelsestasjon.YouthChat.Features.Conversations.YouthChatHelpLines.National;
                }

                await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(problem);
            };
        });
        return services;
    }

    public static WebApplication UsePlatformRateLimiting(this WebApplication app)
    {
        if (app.Configuration.GetValue("RateLimiting:Enabled", true))
        {
            app.UseRateLimiter();
        }

        return app;
    }

    /// <summary>Issuer and subject of an authenticated caller (the subject alone is unique only per issuer).</summary>
    private static string? SubjectOf(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.User.FindFirst("sub") is { } sub ? $"{sub.Issuer}|{sub.Value}" : null;

    /// <summary>The paths the per-caller limit counts (the API document lists 429 on them).</summary>
    public static bool Limits(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/calendar") || IsSimulatorTokenEndpoint(path);

    private static bool IsSimulatorTokenEndpoint(PathString path) =>
        path.StartsWithSegments("/simulators") && path.Value!.EndsWith("/token", StringComparison.Ordinal);
}
