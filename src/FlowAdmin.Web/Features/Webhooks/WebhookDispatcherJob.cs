using Quartz;

namespace FlowAdmin.Web.Features.Webhooks;

/// <summary>
/// Quartz supervises the webhook dispatcher: fired every second, never twice at once (cluster-wide with a
/// clustered store); each run drains due deliveries and keeps listening for commits until idle a few seconds.
/// </summary>
[DisallowConcurrentExecution]
public sealed class WebhookDispatcherJob(WebhookDispatcher dispatcher, IHostApplicationLifetime lifetime) : IJob
{
    public static readonly JobKey Key = new("webhook-dispatcher");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        await dispatcher.RunAsync(TimeSpan.FromSeconds(5), stop.Token);
    }
}
