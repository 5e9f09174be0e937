using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Common;
using FlowAdmin.Web.Features.Events;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Web.Features.Webhooks;

/// <summary>What the UI shows of a send made on request (test, replay): the receiver's answer in place.</summary>
public sealed record WebhookSendResult(bool Success, int? StatusCode, string? Error, int DurationMs, string ResponseBody, long LogEntryId);

/// <summary>
/// The administrator's delivery actions for the Webhook tab and the logs: send a test event now, replay one
/// delivery now ("Reenviar"), re-queue the failed deliveries since a time ("Recuperar falhas"), re-enable a
/// disabled webhook. Tenant-filtered (another tenant's id is not found) and for administrators only, checked
/// here, not only by the page.
/// </summary>
public sealed class WebhookDeliveryService(
    IDbContextFactory<AppDbContext> factory,
    WebhookSender sender,
    WebhookTargets targets,
    WebhookRecorder recorder,
    WebhookSignal signal,
    IHttpContextAccessor http,
    AuthenticationStateProvider authState,
    Tenancy.CurrentTenant tenant)
{
    /// <summary>Sends <paramref name="eventName"/>'s example payload (default: the webhook's first subscribed event) to the webhook now.</summary>
    public async Task<WebhookSendResult> SendTestAsync(int webhookId, string? eventName = null, CancellationToken ct = default)
    {
        await EnsureAdministratorAsync();
        await using var db = await factory.CreateDbContextAsync(ct);
        var webhook = await FindAsync(db, webhookId, ct);
        eventName ??= webhook.Events.FirstOrDefault(EventNames.All.Contains) ?? EventNames.NewMessage;
        if (!EventNames.All.Contains(eventName)) throw Refuse.On("Event", $"Unknown event {eventName}.");
        var body = EventPayloads.WithEnvelope(EventPayloads.Example(eventName), webhook.TenantId, eventName).ToJsonString();
        var target = targets.For(webhook, DateTime.UtcNow);
        var attempt = await sender.SendAsync(target, "msg_test_" + Guid.NewGuid().ToString("N"), body, ct);
        var log = WebhookRecorder.ToLog(new RecordedAttempt(null, eventName, body, target, attempt));
        db.LogEntries.Add(log);
        await db.SaveChangesAsync(ct);
        return Result(attempt, log.Id);
    }

    /// <summary>Sends one stored delivery again now, with its own webhook-id; recorded like any attempt.</summary>
    public async Task<WebhookSendResult> ReplayAsync(long deliveryId, CancellationToken ct = default)
    {
        await EnsureAdministratorAsync();
        await using var db = await factory.CreateDbContextAsync(ct);
        var delivery = await db.WebhookDeliveries.AsNoTracking().Where(d => d.Id == deliveryId)
            .Select(d => new DueDelivery(d.Id, d.TenantId, d.WebhookId, d.Event, d.MessageId, d.Attempts, d.PlatformEvent!.PayloadJson))
            .SingleOrDefaultAsync(ct) ?? throw new KeyNotFoundException($"{nameof(WebhookDelivery)} {deliveryId} was not found.");
        var webhook = await FindAsync(db, delivery.WebhookId, ct);
        var target = targets.For(webhook, DateTime.UtcNow);
        var attempt = await sender.SendAsync(target, delivery.MessageId, delivery.Payload, ct);
        var recorded = new RecordedAttempt(delivery, target, attempt);
        await recorder.RecordAsync(db, [recorded], ct);
        var logId = await db.LogEntries.Where(l => l.DeliveryId == deliveryId).OrderByDescending(l => l.Id).Select(l => l.Id).FirstAsync(ct);
        return Result(attempt, logId);
    }

    /// <summary>Puts every failed delivery of the webhook created since <paramref name="sinceUtc"/> back in the queue, due now; returns how many.</summary>
    public async Task<int> RecoverFailedAsync(int webhookId, DateTime sinceUtc, CancellationToken ct = default)
    {
        await EnsureAdministratorAsync();
        await using var db = await factory.CreateDbContextAsync(ct);
        await FindAsync(db, webhookId, ct);
        var since = DateTime.SpecifyKind(sinceUtc, DateTimeKind.Utc);
        var now = DateTime.UtcNow;
        // Attempts restart at 0 so a recovered delivery gets the whole retry schedule again; its past attempts stay in the logs.
        var count = await db.WebhookDeliveries
            .Where(d => d.WebhookId == webhookId && d.Status == DeliveryStatus.Failed && d.CreatedAt >= since)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Pending)
                .SetProperty(d => d.Attempts, 0)
                .SetProperty(d => d.NextAttemptAt, now), ct);
        if (count > 0) signal.Notify();
        return count;
    }

    /// <summary>Re-enables a webhook disabled after failures (or 410); its held deliveries are sent again.</summary>
    public async Task ReenableAsync(int webhookId, CancellationToken ct = default)
    {
        await EnsureAdministratorAsync();
        await using var db = await factory.CreateDbContextAsync(ct);
        var webhook = await FindAsync(db, webhookId, ct);
        webhook.DisabledAt = null;
        webhook.DisabledReason = null;
        webhook.FailingSince = null;
        webhook.UpdatedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
        signal.Notify();
    }

    private static WebhookSendResult Result(WebhookAttempt a, long logId) =>
        new(a.Success, a.StatusCode, a.Error, a.DurationMs, a.ResponseBody, logId);

    private static async Task<Webhook> FindAsync(AppDbContext db, int id, CancellationToken ct) =>
        await db.Webhooks.SingleOrDefaultAsync(w => w.Id == id, ct) ?? throw Refuse.NotFound(nameof(Webhook), id);

    /// <summary>The signed-in user (HTTP request or Blazor circuit) must be an administrator of the tenant.</summary>
    private async Task EnsureAdministratorAsync()
    {
        var user = http.HttpContext?.User;
        if (user?.Identity?.IsAuthenticated != true)
        {
            try
            {
                user = (await authState.GetAuthenticationStateAsync()).User;
            }
            catch (InvalidOperationException)
            {
                user = null; // no circuit and no request: nobody is signed in
            }
        }
        if (user is null || !user.IsInRole(Roles.Administrator) || Tenancy.CurrentTenant.FromUser(user) is not { } own || own != tenant.TenantId)
            throw new UnauthorizedAccessException("Only an administrator of the tenant can send, replay or recover webhook deliveries.");
    }
}
