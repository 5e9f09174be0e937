using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace FlowAdmin.Web.Features.Outbound;

/// <summary>The "FlowAdmin:Outbound" section: what outbound calls (mediaUrl, webhooks) may reach.</summary>
public sealed class OutboundOptions
{
    public const string Section = "FlowAdmin:Outbound";

    /// <summary>Allow loopback, private, link-local and metadata targets (a lab or an internal receiver).</summary>
    public bool AllowPrivateTargets { get; set; }
}

/// <summary>
/// An outbound call refused because its target resolved only to addresses it may not reach. HttpClient
/// wraps it in an HttpRequestException; <see cref="OutboundGuard.RefusalIn"/> finds it.
/// </summary>
public sealed class OutboundRefusedException(string message) : Exception(message);

/// <summary>
/// The SSRF guard of every outbound HttpClient. The host is resolved and the address checked inside the
/// socket connect callback, so the address checked is the address connected to: a DNS answer that changes
/// between a validation and the call (rebinding) cannot reach a private target, nor can a redirect.
/// </summary>
public static class OutboundGuard
{
    public static IHttpClientBuilder AddOutboundGuard(this IHttpClientBuilder builder, bool followRedirects) =>
        builder.ConfigurePrimaryHttpMessageHandler(sp =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<OutboundOptions>>();
            return CreateHandler(() => options.CurrentValue.AllowPrivateTargets, followRedirects);
        });

    /// <summary>The guard's refusal inside an HttpClient exception, or null when the failure was another one.</summary>
    public static OutboundRefusedException? RefusalIn(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is OutboundRefusedException refused) return refused;
        return null;
    }

    public static SocketsHttpHandler CreateHandler(Func<bool> allowPrivateTargets, bool followRedirects) => new()
    {
        UseProxy = false, // a proxy would make the checked address the proxy's, not the target's
        AllowAutoRedirect = followRedirects,
        MaxAutomaticRedirections = 5,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2), // pick up DNS changes
        ConnectTimeout = TimeSpan.FromSeconds(10),
        ConnectCallback = (context, ct) => ConnectAsync(context, allowPrivateTargets(), ct),
    };

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = allowPrivate ? addresses : addresses.Where(a => !OutboundAddresses.IsPrivate(a)).ToArray();
        if (allowed.Length == 0)
            throw new OutboundRefusedException(addresses.Length == 0
                ? $"{host} did not resolve to any address."
                : $"{host} resolves to a private, loopback, link-local or metadata address; refused (FlowAdmin:Outbound:AllowPrivateTargets).");

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
