using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace DigiHelsestasjon.EpjIntegration.Outbound;

/// <summary>Where a journal may live: never inside the platform's own network. A connection's address is typed by an
/// administrator, and the platform then sends signed requests there and shows what came back, so an address such as
/// <c>http://169.254.169.254/</c> or <c>http://[::1]:5432/</c> would make the platform probe its own network (SSRF).
/// Checked when a connection is saved (the name resolved) and again on every connect (a name may resolve elsewhere
/// later). Only <see cref="AllowLocalSetting"/> lets loopback through, for the simulators on one machine.</summary>
public static class JournalAddresses
{
    public const string AllowLocalSetting = "Epj:AllowLocalJournalAddresses";

    public static bool AllowLocal(IConfiguration configuration) => configuration.GetValue(AllowLocalSetting, false);

    /// <summary>Why the address may not be a journal's, without looking up a name; null when nothing is wrong yet.</summary>
    public static string? Refusal(Uri address, bool allowLocal)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.UserInfo.Length > 0)
        {
            return "An address with a user name or password in it is not taken.";
        }

        if (address.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(address.Host.Trim('[', ']'), out var literal))
        {
            return Refusal(literal, allowLocal);
        }

        return IsLocalName(address.Host) && !allowLocal ? Refused : null;
    }

    /// <summary>The same, after resolving the name: every address it resolves to must be allowed.</summary>
    public static async Task<string?> RefusalAsync(Uri address, bool allowLocal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (Refusal(address, allowLocal) is { } refusal)
        {
            return refusal;
        }

        if (address.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || (allowLocal && IsLocalName(address.Host)))
        {
            return null;
        }

        IPAddress[] resolved;
        try
        {
            resolved = await Dns.GetHostAddressesAsync(address.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            return "The address's name does not resolve; give one the platform can reach.";
        }

        return resolved.Length == 0 ? "The address's name does not resolve; give one the platform can reach."
            : resolved.Select(a => Refusal(a, allowLocal)).FirstOrDefault(r => r is not null);
    }

    /// <summary>Why this IP address may not be a journal's: loopback (unless allowed), private, shared, link-local,
    /// unspecified, multicast or reserved, in every spelling (IPv4 inside IPv6 included).</summary>
    public static string? Refusal(IPAddress address, bool allowLocal)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (Embedded(address) is { } inner)
        {
            return Refusal(inner, allowLocal);
        }

        if (IPAddress.IsLoopback(address))
        {
            return allowLocal ? null : Refused;
        }

        return address.AddressFamily == AddressFamily.InterNetwork ? (IsInternalV4(address.GetAddressBytes()) ? Refused : null)
            : IsInternalV6(address) ? Refused : null;
    }

    /// <summary>The handler of the <c>epj</c> HTTP client: it checks each address when it connects, and follows no
    /// redirect (a journal's 30x could point anywhere). It connects directly, not through a proxy, so the check
    /// sees the address it actually reaches.</summary>
    public static SocketsHttpHandler CreateHandler(bool allowLocal) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? new[] { literal } : await Dns.GetHostAddressesAsync(host, cancellationToken);
            if (addresses.Length == 0 || addresses.Any(a => Refusal(a, allowLocal) is not null))
            {
                throw new HttpRequestException($"The journal's address {host} is inside the platform's own network; the platform does not connect to it.");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    private const string Refused =
        "The address is inside the platform's own network (loopback, private, link-local or unspecified); a journal must be reached at an address of its own.";

    // "localhost", "LOCALHOST.", "journal.localhost": names that are loopback by definition (RFC 6761), whatever DNS says.
    private static bool IsLocalName(string host)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        return name is "localhost" || name.EndsWith(".localhost", StringComparison.Ordinal);
    }

    /// <summary>An IPv4 address inside an IPv6 one: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d)
    /// or 6to4 (2002:aabb:ccdd::).</summary>
    private static IPAddress? Embedded(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        var zeroPrefix = bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0;
        if (zeroPrefix && !(IPAddress.IPv6Loopback.Equals(address) || IPAddress.IPv6Any.Equals(address)))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        // IPv4-translated (SIIT, ::ffff:0:a.b.c.d).
        if (bytes.AsSpan(0, 8).IndexOfAnyExcept((byte)0) < 0 && bytes[8] == 0xff && bytes[9] == 0xff && bytes[10] == 0 && bytes[11] == 0)
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        return bytes[0] == 0x20 && bytes[1] == 0x02 ? new IPAddress(bytes.AsSpan(2, 4)) : null;
    }

    private static bool IsInternalV4(byte[] b) =>
        b[0] is 0 or 10 or 127 or >= 224                  // "this network", private, loopback, multicast, reserved and broadcast
        || (b[0] == 100 && b[1] is >= 64 and <= 127)      // shared address space (carrier-grade NAT)
        || (b[0] == 169 && b[1] == 254)                   // link-local (cloud metadata services)
        || (b[0] == 172 && b[1] is >= 16 and <= 31)       // private
        || (b[0] == 192 && b[1] == 168)                   // private
        || (b[0] == 192 && b[1] == 0 && b[2] == 0)        // IETF protocol assignments
        || (b[0] == 198 && b[1] is 18 or 19);             // benchmarking

    private static bool IsInternalV6(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return IPAddress.IPv6Any.Equals(address) || IPAddress.IPv6None.Equals(address)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (b[0] & 0xfe) == 0xfc                       // unique local (fc00::/7)
            || (b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4] == 0 && b[5] == 1) // local-use NAT64 (64:ff9b:1::/48)
            || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0);                            // Teredo (2001::/32) hides an IPv4 address
    }
}
