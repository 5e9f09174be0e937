using System.Globalization;

namespace FlowAdmin.Web.Features.Webhooks;

/// <summary>The "FlowAdmin:Webhooks" section: how deliveries are sent and retried.</summary>
public sealed class WebhookOptions
{
    public const string Section = "FlowAdmin:Webhooks";

    /// <summary>The documented retry schedule: the delay before each retry, in order (then the delivery fails).</summary>
    public const string DefaultRetrySchedule = "00:00:05, 00:05:00, 00:30:00, 02:00:00, 05:00:00, 10:00:00, 10:00:00";

    /// <summary>Run the dispatcher in this process (off: deliveries stay pending, e.g. for a restart test).</summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>Comma-separated TimeSpans (c format). Tests shorten it; production keeps the default.</summary>
    public string RetrySchedule { get; set; } = DefaultRetrySchedule;

    /// <summary>Share of each delay added or removed at random (0.2 = ±20 %) so retries of many deliveries spread out.</summary>
    public double Jitter { get; set; } = 0.2;

    /// <summary>A receiver's Retry-After is honoured up to this delay (a longer one is cut to it).</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromHours(10);

    /// <summary>Success is a 2xx within this time.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A webhook whose every delivery failed for this long is disabled (deliveries are kept, held).</summary>
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(5);

    /// <summary>Requests in flight to one webhook at most: a slow receiver holds only its own slots.</summary>
    public int MaxConcurrencyPerWebhook { get; set; } = 16;

    /// <summary>Requests in flight in total.</summary>
    public int MaxConcurrency { get; set; } = 256;

    /// <summary>Due deliveries read per round.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Longest wait between two looks at the table when no commit signalled (retries falling due).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public IReadOnlyList<TimeSpan> ParseRetrySchedule() =>
        RetrySchedule.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => TimeSpan.Parse(s, CultureInfo.InvariantCulture))
            .ToArray();
}
