using Quartz;

namespace FlowAdmin.Web.Hosting;

/// <summary>
/// Quartz supervises the background workers (push queue, webhook dispatcher) and runs the periodic
/// jobs (retries due, retention). Each feature schedules its own jobs here.
/// </summary>
public static class Jobs
{
    public static IServiceCollection AddFlowAdminJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddQuartz(q =>
        {
            // Features add their jobs here.
            if (configuration.GetValue(Features.Push.PushOptions.Section + ":WorkerEnabled", true))
                q.ScheduleJob<Features.Push.PushWorkerJob>(t => t.WithIdentity("push-worker").StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(1)).RepeatForever()));
            var retentionMinutes = Math.Max(1, configuration.GetValue(Features.Logs.LogsOptions.Section + ":RetentionIntervalMinutes", 60));
            q.ScheduleJob<Features.Logs.LogRetentionJob>(t => t.WithIdentity("log-retention")
                .StartAt(DateTimeOffset.UtcNow.AddMinutes(1))
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(retentionMinutes)).RepeatForever()));
            if (configuration.GetValue(Features.Logs.LogsOptions.Section + ":BodyIndexEnabled", true))
                q.ScheduleJob<Features.Logs.LogBodyIndexJob>(t => t.WithIdentity("log-body-index").StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(1)).RepeatForever()));
            if (configuration.GetValue(Features.Webhooks.WebhookOptions.Section + ":DispatcherEnabled", true))
                q.ScheduleJob<Features.Webhooks.WebhookDispatcherJob>(t => t.WithIdentity("webhook-dispatcher").StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(1)).RepeatForever()));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
