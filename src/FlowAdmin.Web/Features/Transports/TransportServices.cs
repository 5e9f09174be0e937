using FlowAdmin.Web.Features.Outbound;

namespace FlowAdmin.Web.Features.Transports;

public static class TransportServices
{
    /// <summary>The media fetcher and the Cloud API transport, each with its own SSRF-guarded HttpClient.</summary>
    public static IServiceCollection AddTransports(this IServiceCollection services)
    {
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.Section);
        services.AddOptions<CloudApiOptions>().BindConfiguration(CloudApiOptions.Section);
        // Media links often redirect (short links, signed storage URLs); each hop is checked by the guard.
        // The limits are applied per call (MediaFetcher), so the client's own timeout is off.
        services.AddHttpClient(MediaFetcher.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddOutboundGuard(followRedirects: true);
        // A channel's base URL is set by a tenant administrator: it is an outbound target like any other.
        // No redirects: the Bearer token must not follow a POST to another host.
        services.AddHttpClient(CloudApiTransport.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddOutboundGuard(followRedirects: false);
        services.AddSingleton<MediaFetcher>();
        services.AddSingleton<CloudApiTransport>();
        services.AddSingleton<IChannelTransport>(sp => sp.GetRequiredService<CloudApiTransport>());
        return services;
    }
}
