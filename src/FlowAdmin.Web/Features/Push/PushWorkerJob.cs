using Quartz;

namespace FlowAdmin.Web.Features.Push;

/// <summary>
/// Quartz supervises the push worker: fired every second, never twice at once; each run drains the
/// queue and keeps listening for new pushes until it has been idle a few seconds.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PushWorkerJob(PushWorker worker, IHostApplicationLifetime lifetime) : IJob
{
    public static readonly JobKey Key = new("push-worker");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        try
        {
            await worker.RunAsync(TimeSpan.FromSeconds(5), stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutting down: queued pushes stay queued and are processed after the restart.
        }
    }
}
