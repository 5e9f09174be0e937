using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace FlowAdmin.Web.Features.Webhooks;

/// <summary>A delivery as the dispatcher sends it.</summary>
public sealed record DueDelivery(long Id, int TenantId, int WebhookId, string Event, string MessageId, int Attempts, string Payload);

/// <summary>One finished attempt of a delivery (null delivery: a test send, logged but not stored as a delivery).</summary>
public sealed record RecordedAttempt(DueDelivery? Delivery, string Event, string Body, WebhookTarget Target, WebhookAttempt Attempt)
{
    public RecordedAttempt(DueDelivery delivery, WebhookTarget target, WebhookAttempt attempt)
        : this(delivery, delivery.Event, delivery.Payload, target, attempt) { }
}

/// <summary>Why a webhook was disabled; the UI shows each in the user's language.</summary>
public static class WebhookDisabledReasons
{
    /// <summary>The receiver answered 410 Gone.</summary>
    public const string Gone = "Gone";
    /// <summary>Every delivery failed for the configured period (FlowAdmin:Webhooks:DisableAfter).</summary>
    public const string Failing = "Failing";

    /// <summary>
    /// The reason in the viewer's language; the code itself is what is stored (so a language switch
    /// relabels old rows too). A code this version does not know is shown as stored.
    /// </summary>
    public static string? Label(IStringLocalizer<WebhooksText> t, string? reason) => reason switch
    {
        Gone or Failing => t[$"DisabledReason.{reason}"],
        _ => reason,
    };
}

/// <summary>
/// Writes attempts, many at once and in one transaction: each one's log entry, its delivery's new state
/// (delivered, retry at a time, or failed), and its webhook's health (last result, failing since, disabled).
/// </summary>
public sealed class WebhookRecorder(IOptionsMonitor<WebhookOptions> options)
{
    /// <summary>
    /// A batch this large means a burst (sends outrunning the recorder; steady traffic records a few at a time):
    /// it is marked on SQLite's write gate, so the body index (LogBodyIndex) leaves the write lock and the CPU to
    /// the burst, as it does for push bursts, and catches up after it.
    /// </summary>
    public const int BurstBatch = 64;

    public async Task RecordAsync(AppDbContext db, IReadOnlyList<RecordedAttempt> attempts, CancellationToken ct)
    {
        if (attempts.Count == 0) return;
        if (attempts.Count >= BurstBatch && db.Database.IsSqlite()) SqliteWriteGate.For(db.Database.GetConnectionString()!).MarkBurst();
        var o = options.CurrentValue;
        var schedule = RetrySchedule.From(o);
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;

        foreach (var group in attempts.Where(a => a.Delivery is not null && a.Attempt.Success).GroupBy(a => a.Attempt.StatusCode))
        {
            var ids = group.Select(a => a.Delivery!.Id).ToList();
            var at = group.Max(a => a.Attempt.At);
            var code = group.Key;
            await db.WebhookDeliveries.IgnoreQueryFilters().Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Succeeded)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                .SetProperty(d => d.LastAttemptAt, at)
                .SetProperty(d => d.LastStatusCode, code)
                .SetProperty(d => d.LastError, (string?)null), ct);
        }
        foreach (var failed in attempts.Where(a => a.Delivery is not null && !a.Attempt.Success))
        {
            var a = failed.Attempt;
            var deliveryId = failed.Delivery!.Id;
            var delay = a.Gone ? null : schedule.NextDelay(failed.Delivery.Attempts + 1, a.RetryAfter, Random.Shared);
            var status = delay is null ? DeliveryStatus.Failed : DeliveryStatus.Pending;
            var next = delay is { } d ? a.At + d : a.At;
            var error = Cut(a.Error, 1000);
            await db.WebhookDeliveries.IgnoreQueryFilters().Where(x => x.Id == deliveryId).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, status)
                .SetProperty(x => x.Attempts, x => x.Attempts + 1)
                .SetProperty(x => x.NextAttemptAt, next)
                .SetProperty(x => x.LastAttemptAt, a.At)
                .SetProperty(x => x.LastStatusCode, a.StatusCode)
                .SetProperty(x => x.LastError, error), ct);
        }

        var byWebhook = attempts.Where(a => a.Delivery is not null).GroupBy(a => a.Target.Id).ToDictionary(g => g.Key, g => g.OrderBy(a => a.Attempt.At).ToList());
        if (byWebhook.Count > 0)
        {
            var ids = byWebhook.Keys.ToList();
            var webhooks = await db.Webhooks.IgnoreQueryFilters().Where(w => ids.Contains(w.Id)).ToListAsync(ct);
            foreach (var webhook in webhooks) UpdateHealth(webhook, byWebhook[webhook.Id], o.DisableAfter);
        }

        await db.SaveChangesAsync(ct); // the webhooks' health
        // The log rows through RowWriter: as EF entities they were most of the recorder's time.
        await RowWriter.InsertAsync(db, attempts.Select(ToLog).ToList(), ct);
        if (tx is not null) await tx.CommitAsync(ct);
    }

    private static void UpdateHealth(Webhook webhook, List<RecordedAttempt> attempts, TimeSpan disableAfter)
    {
        foreach (var a in attempts.Select(x => x.Attempt))
        {
            webhook.LastDeliveryAt = a.At;
            webhook.LastStatusCode = a.StatusCode;
            webhook.LastSucceeded = a.Success;
            if (a.Success)
            {
                webhook.FailingSince = null;
                continue;
            }
            webhook.FailingSince ??= a.At;
            if (webhook.DisabledAt is not null) continue;
            if (a.Gone)
            {
                webhook.DisabledAt = a.At;
                webhook.DisabledReason = WebhookDisabledReasons.Gone;
            }
            else if (a.At - webhook.FailingSince >= disableAfter)
            {
                webhook.DisabledAt = a.At;
                webhook.DisabledReason = WebhookDisabledReasons.Failing;
            }
        }
    }

    public static LogEntry ToLog(RecordedAttempt recorded)
    {
        var a = recorded.Attempt;
        return new LogEntry
        {
            TenantId = recorded.Target.TenantId,
            Type = LogType.Webhook,
            ConfigName = recorded.Target.Name,
            WebhookId = recorded.Target.Id,
            Event = recorded.Event,
            Success = a.Success,
            HttpStatus = a.StatusCode,
            Error = Cut(a.Error, 1000),
            RequestHeaders = a.RequestHeaders,
            RequestBody = recorded.Body,
            ResponseHeaders = a.ResponseHeaders,
            ResponseBody = a.ResponseBody,
            DurationMs = a.DurationMs,
            Attempt = (recorded.Delivery?.Attempts ?? 0) + 1,
            DeliveryId = recorded.Delivery?.Id,
            CreatedAt = a.At,
        };
    }

    private static string? Cut(string? text, int max) => text is { Length: > 0 } && text.Length > max ? text[..max] : text;
}
