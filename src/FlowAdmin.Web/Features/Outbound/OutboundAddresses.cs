using System.Net;
using System.Net.Sockets;

namespace FlowAdmin.Web.Features.Outbound;

/// <summary>
/// Which addresses an outbound call (mediaUrl fetch, webhook delivery) may reach. Private targets are the
/// SSRF risks: the machine itself, the tenant's neighbours on the LAN and the cloud metadata service.
/// </summary>
public static class OutboundAddresses
{
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return true;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 => true,                                  // "this network", 0.0.0.0 reaches the host itself
                10 => true,                                 // RFC 1918
                100 => b[1] >= 64 && b[1] <= 127,           // carrier-grade NAT (RFC 6598)
                127 => true,
                169 => b[1] == 254,                         // link-local, incl. 169.254.169.254 metadata
                172 => b[1] >= 16 && b[1] <= 31,            // RFC 1918
                192 => (b[1] == 168) || (b[1] == 0 && b[2] == 0) || (b[1] == 0 && b[2] == 2), // RFC 1918, IETF, TEST-NET-1
                198 => b[1] == 18 || b[1] == 19,            // benchmarking
                >= 224 => true,                             // multicast, reserved, broadcast
                _ => false,
            };
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any)) return true;
            if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal) return true;
            var b = address.GetAddressBytes();
            // fd00:ec2::254 and the like are covered by unique-local; 64:ff9b::/96 embeds IPv4: check that one.
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)
                return IsPrivate(new IPAddress(b.AsSpan(12, 4)));
            return false;
        }
        return true; // unknown families are not allowed out
    }

    /// <summary>
    /// The check a form or a push body gets before anything is stored: an absolute http(s) URL whose host is
    /// not a private literal address or "localhost". Host names are checked again on the address actually
    /// connected to (<see cref="OutboundGuard"/>), so DNS cannot be used to slip past this.
    /// </summary>
    public static string? ProblemWith(string? url, bool allowPrivateTargets)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return "must be an absolute http or https URL.";
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "must not contain a user name or password.";
        if (allowPrivateTargets) return null;
        var host = uri.IdnHost.TrimEnd('.');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return "must not point to this server (localhost).";
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal) && IsPrivate(literal))
            return "must not point to a private, loopback, link-local or metadata address.";
        return null;
    }
}
