namespace FlowAdmin.Web.Features.Webhooks;

/// <summary>
/// When a failed delivery is tried again: the schedule's delay for that retry (exponential-ish: 5 s, 5 min,
/// 30 min, 2 h, 5 h, 10 h, 10 h by default) with jitter; a receiver's Retry-After replaces it when longer,
/// up to a bound. Null once the schedule is used up: the delivery has failed (it can still be recovered).
/// </summary>
public sealed class RetrySchedule(IReadOnlyList<TimeSpan> delays, double jitter, TimeSpan maxRetryAfter)
{
    public static RetrySchedule From(WebhookOptions options) =>
        new(options.ParseRetrySchedule(), options.Jitter, options.MaxRetryAfter);

    public IReadOnlyList<TimeSpan> Delays => delays;

    /// <summary>The delay before the next try, after <paramref name="attemptsMade"/> failed attempts (1 = the first send failed).</summary>
    public TimeSpan? NextDelay(int attemptsMade, TimeSpan? retryAfter, Random random)
    {
        if (attemptsMade < 1 || attemptsMade > delays.Count) return null;
        var scheduled = delays[attemptsMade - 1];
        var jittered = scheduled * (1 + jitter * (random.NextDouble() * 2 - 1));
        if (retryAfter is { } asked && asked > jittered)
            return asked < maxRetryAfter ? asked : maxRetryAfter;
        return jittered;
    }
}
