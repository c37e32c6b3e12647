using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace DigiHelsestasjon.Host.Infrastructure;

/// <summary>Behind a load balancer every request comes from the balancer's address, so the per-address limits (the
/// anonymous rate limit, the youth chat's conversations per address) would be one bucket for the whole country.
/// <c>Network:TrustedProxies</c> names the balancers (addresses or networks, e.g. <c>127.0.0.1;10.0.0.0/8</c>): from them,
/// and only from them, <c>X-Forwarded-For</c> is read from the right, past every trusted hop, to the first address that is
/// not a balancer: the client's. Unset: no header is believed, as a host
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

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = null };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in configured.Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.Contains('/', StringComparison.Ordinal) && System.Net.IPNetwork.TryParse(entry, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else
            {
                throw new InvalidOperationException($"Network:TrustedProxies: '{entry}' is neither an address nor a network (e.g. 127.0.0.1 or 10.1.2.0/24).");
            }
        }

        app.UseForwardedHeaders(options);
        return app;
    }
}
