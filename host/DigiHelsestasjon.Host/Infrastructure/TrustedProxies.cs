using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace DigiHelsestasjon.Host.Infrastructure;

/// <summary>Behind a load balancer every request comes from the balancer's address, so the per-address limits (the
/// anonymous rate limit, the youth chat's conversations per address) would be one bucket for the whole country.
/// <c>Network:TrustedProxies</c> names the balancers (addresses or networks, e.g. <c>127.0.0.1;10.0.0.0/8</c>): from them,
/// and only from them, the last address in <c>X-Forwarded-For</c> is the client's. Unset: no header is believed, as a host
/// reached directly must not let a client choose its own address.</summary>
internal static class TrustedProxies
{
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        var configured = app.Configuration["Network:TrustedProxies"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return app;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = 1 };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in configured.Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.Contains('/', StringComparison.Ordinal))
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
            }
            else
            {
                options.KnownProxies.Add(IPAddress.Parse(entry));
            }
        }

        app.UseForwardedHeaders(options);
        return app;
    }
}
