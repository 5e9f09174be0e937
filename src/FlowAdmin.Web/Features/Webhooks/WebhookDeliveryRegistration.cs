using FlowAdmin.Data;
using FlowAdmin.Web.Features.Outbound;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FlowAdmin.Web.Features.Webhooks;

/// <summary>The delivery side of webhooks: sender (SSRF-guarded, no redirects), dispatcher, commit signal, service.</summary>
public static class WebhookDeliveryServices
{
    public static void AddWebhookDelivery(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(WebhookSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddOutboundGuard(followRedirects: false)
            .RemoveAllLoggers() // every attempt is a LogEntry already; the factory's per-request log lines cost throughput
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan); // the handler's own PooledConnectionLifetime renews connections
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<WebhookCommitInterceptor>();
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<WebhookCommitInterceptor>()); // DataServices adds every IInterceptor
        services.AddSingleton<WebhookTargets>();
        services.AddSingleton<WebhookRecorder>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddScoped<WebhookDeliveryService>();
    }
}
