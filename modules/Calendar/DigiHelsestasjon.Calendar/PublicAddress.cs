using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DigiHelsestasjon.Calendar;

/// <summary>Where citizens reach the platform, for links handed out (the calendar feed). From
/// <c>PublicBaseUrl</c>: the request's Host header is the caller's to choose, so a link built from it
/// could point a citizen's calendar anywhere. Only Development and Testing fall back to the request.</summary>
internal static class PublicAddress
{
    public static string Of(HttpContext http)
    {
        var configured = http.RequestServices.GetRequiredService<IConfiguration>()["PublicBaseUrl"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.TrimEnd('/');
        }

        var environment = http.RequestServices.GetRequiredService<IHostEnvironment>();
        return environment.IsDevelopment() || environment.IsEnvironment("Testing")
            ? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}"
            : throw new InvalidOperationException("PublicBaseUrl is not configured: set it to the address citizens use, for example https://helsestasjon.kommune.no.");
    }
}
