namespace DigiHelsestasjon.Host.Infrastructure;

/// <summary>Headers every response carries, error pages included (set when the response starts, so
/// the exception handler clearing the response does not lose them).</summary>
internal static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this WebApplication app)
    {
        // Development runs on plain http://localhost; a browser remembering HSTS for localhost breaks other projects.
        var hsts = !app.Environment.IsDevelopment();
        return app.Use((context, next) =>
        {
            var response = context.Response;
            response.OnStarting(() =>
            {
                var headers = response.Headers;
                if (hsts)
                {
                    headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
                }

                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                // An endpoint may set a stricter policy (a download is sandboxed); every policy forbids framing.
                if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
                {
                    headers.ContentSecurityPolicy = "frame-ancestors 'none'";
                }
                headers.Remove("Server");

                // API answers are personal: no browser or proxy may keep them.
                if (context.Request.Path.StartsWithSegments("/api"))
                {
                    headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
