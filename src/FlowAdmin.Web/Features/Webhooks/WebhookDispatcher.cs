using System.Collections.Concurrent;
using System.Threading.Channels;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlowAdmin.Web.Features.Webhooks;

/// <summary>
/// Drains due webhook deliveries. Woken by <see cref="WebhookSignal"/> when deliveries commit (and when a send
/// frees a slot); polls only for retries falling due. Each delivery is sent on its own task, at most
/// <see cref="WebhookOptions.MaxConcurrencyPerWebhook"/> per webhook: a slow or timing-out receiver fills its own
/// slots and is skipped by the next reads, while the others keep flowing. Results are written in batches by one
/// recorder loop. A delivery stays Pending in the table until its attempt is recorded, so a crash loses nothing
/// (it is sent again: at least once). One dispatcher runs at a time (a Quartz job that disallows concurrency).
/// </summary>
public sealed class WebhookDispatcher(
    IServiceScopeFactory scopes,
    WebhookSender sender,
    WebhookTargets targets,
    WebhookRecorder recorder,
    WebhookSignal signal,
    IOptionsMonitor<WebhookOptions> options,
    ILogger<WebhookDispatcher> log)
{
    // Deliveries read and not yet recorded (sending, or sent and waiting for the recorder): never read twice.
    private readonly ConcurrentDictionary<long, byte> _inFlight = new();
    // Requests on the wire, per webhook and in total.
    private readonly ConcurrentDictionary<int, int> _sending = new();
    private int _sendingTotal;

    /// <summary>Runs until nothing was due nor in flight for <paramref name="idle"/>, or until stopped (Quartz starts it again).</summary>
    public async Task RunAsync(TimeSpan idle, CancellationToken ct)
    {
        var outcomes = System.Threading.Channels.Channel.CreateUnbounded<(DueDelivery Delivery, WebhookTarget Target, WebhookAttempt? Attempt)>(
            new UnboundedChannelOptions { SingleReader = true });
        var recording = RecordLoopAsync(outcomes.Reader);
        try
        {
            var idleSince = DateTime.UtcNow;
            while (!ct.IsCancellationRequested)
            {
                var started = await RoundAsync(outcomes.Writer, ct);
                if (started > 0 || !_inFlight.IsEmpty) idleSince = DateTime.UtcNow;
                else if (DateTime.UtcNow - idleSince > idle) return;
                if (started == 0) await signal.WaitAsync(options.CurrentValue.PollInterval, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            // Sends end quickly once cancelled (abandoned ones stay Pending); let the recorder write what finished.
            while (Volatile.Read(ref _sendingTotal) > 0) await Task.Delay(10, CancellationToken.None);
            outcomes.Writer.TryComplete();
            await recording;
        }
    }

    /// <summary>One read of due deliveries; starts a send for each one that fits the concurrency limits. Returns how many started.</summary>
    private async Task<int> RoundAsync(ChannelWriter<(DueDelivery, WebhookTarget, WebhookAttempt?)> outcomes, CancellationToken ct)
    {
        var o = options.CurrentValue;
        var room = o.MaxConcurrency - Volatile.Read(ref _sendingTotal);
        if (room <= 0) return 0;
        var perWebhook = Math.Max(1, o.MaxConcurrencyPerWebhook);
        var full = _sending.Where(kv => kv.Value >= perWebhook).Select(kv => kv.Key).ToList();
        var now = DateTime.UtcNow;

        var (scope, db) = BackgroundScope.Create(scopes);
        await using var owned = scope;
        var candidates = await db.WebhookDeliveries.IgnoreQueryFilters().AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && !full.Contains(d.WebhookId))
            .Where(d => d.Webhook!.IsActive && d.Webhook.DisabledAt == null) // a disabled webhook's deliveries are held
            .OrderBy(d => d.NextAttemptAt)
            .Select(d => new { d.Id, d.WebhookId })
            .Take(Math.Min(o.BatchSize, room) + _inFlight.Count)
            .ToListAsync(ct);

        var chosen = new List<long>();
        var taken = new Dictionary<int, int>();
        foreach (var c in candidates)
        {
            if (chosen.Count >= room) break;
            if (_inFlight.ContainsKey(c.Id)) continue;
            var already = taken.GetValueOrDefault(c.WebhookId);
            if (_sending.GetValueOrDefault(c.WebhookId) + already >= perWebhook) continue;
            taken[c.WebhookId] = already + 1;
            chosen.Add(c.Id);
        }
        if (chosen.Count == 0) return 0;

        // Read again, still due: a delivery recorded (and so released from _inFlight) after the first read but
        // before the check above is delivered or rescheduled by now, and this read sees it.
        var due = await db.WebhookDeliveries.IgnoreQueryFilters().AsNoTracking()
            .Where(d => chosen.Contains(d.Id) && d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
            .Select(d => new DueDelivery(d.Id, d.TenantId, d.WebhookId, d.Event, d.MessageId, d.Attempts, d.PlatformEvent!.PayloadJson))
            .ToListAsync(ct);
        var webhookIds = taken.Keys.ToList();
        var webhooks = await db.Webhooks.IgnoreQueryFilters().AsNoTracking().Where(w => webhookIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, ct);

        foreach (var delivery in due)
        {
            var target = targets.For(webhooks[delivery.WebhookId], now);
            _inFlight[delivery.Id] = 0;
            _sending.AddOrUpdate(delivery.WebhookId, 1, (_, n) => n + 1);
            Interlocked.Increment(ref _sendingTotal);
            _ = SendAsync(delivery, target, outcomes, ct);
        }
        return due.Count;
    }

    private async Task SendAsync(DueDelivery delivery, WebhookTarget target, ChannelWriter<(DueDelivery, WebhookTarget, WebhookAttempt?)> outcomes, CancellationToken ct)
    {
        try
        {
            await Task.Yield(); // never run a send on the reading loop's thread
            var attempt = await sender.SendAsync(target, delivery.MessageId, delivery.Payload, ct);
            outcomes.TryWrite((delivery, target, attempt));
        }
        catch (Exception e)
        {
            // Stopping (or a fault of ours, not the receiver's): the delivery stays Pending and is sent again.
            if (e is not OperationCanceledException) log.LogError(e, "Webhook delivery {DeliveryId} could not be attempted", delivery.Id);
            outcomes.TryWrite((delivery, target, null));
        }
        finally
        {
            _sending.AddOrUpdate(delivery.WebhookId, 0, (_, n) => n - 1);
            Interlocked.Decrement(ref _sendingTotal);
            signal.Notify();
        }
    }

    private async Task RecordLoopAsync(ChannelReader<(DueDelivery Delivery, WebhookTarget Target, WebhookAttempt? Attempt)> outcomes)
    {
        var batch = new List<(DueDelivery Delivery, WebhookTarget Target, WebhookAttempt? Attempt)>();
        while (await outcomes.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < 1000 && outcomes.TryRead(out var item)) batch.Add(item);
            try
            {
                var attempts = batch.Where(b => b.Attempt is not null).Select(b => new RecordedAttempt(b.Delivery, b.Target, b.Attempt!)).ToList();
                var (scope, db) = BackgroundScope.Create(scopes);
                await using var owned = scope;
                await recorder.RecordAsync(db, attempts, CancellationToken.None);
            }
            catch (Exception e)
            {
                // Not recorded: those deliveries are still Pending and due, so they are sent again (at least once).
                log.LogError(e, "Recording {Count} webhook attempts failed; they will be attempted again", batch.Count);
            }
            finally
            {
                foreach (var item in batch) _inFlight.TryRemove(item.Delivery.Id, out _);
                signal.Notify(); // retries recorded as due now, or freed rows, may be read again
            }
        }
    }
}
