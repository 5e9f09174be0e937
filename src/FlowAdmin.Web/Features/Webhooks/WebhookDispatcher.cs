using System.Collections.Concurrent;
using System.Threading.Channels;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlowAdmin.Web.Features.Webhooks;

/// <summary>
/// Drains due webhook deliveries. Woken by <see cref="WebhookSignal"/> when deliveries commit (and when a send
/// frees a slot); polls only for retries falling due. Due deliveries are read ahead, up to
/// <see cref="WebhookOptions.BatchSize"/>, into a queue per webhook, and each is sent on its own task as a slot
/// frees, at most <see cref="WebhookOptions.MaxConcurrencyPerWebhook"/> per webhook: a slow or timing-out receiver
/// fills its own slots and queue and is skipped by the next reads, while the others keep flowing. (Reading per
/// freed slot cost three queries per delivery.) Results are written in batches by one recorder loop. A delivery
/// stays Pending in the table until its attempt is recorded, so a crash loses nothing (it is sent again: at least
/// once). One dispatcher runs at a time (a Quartz job that disallows concurrency).
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
    // Read and waiting for a slot, per webhook (in _inFlight too). Only the RunAsync loop touches it.
    private readonly Dictionary<int, Queue<(DueDelivery Delivery, WebhookTarget Target)>> _waiting = new();
    private int _waitingTotal;
    // Deliveries recorded since a given read began, by recording number: that read may still see them Pending.
    private readonly ConcurrentDictionary<long, long> _recordedIn = new();
    private long _recordings;

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
            // What was read and not sent stays Pending in the table; the next run reads it again.
            foreach (var queue in _waiting.Values)
                foreach (var (delivery, _) in queue) _inFlight.TryRemove(delivery.Id, out _);
            _waiting.Clear();
            _waitingTotal = 0;
            // Sends end quickly once cancelled (abandoned ones stay Pending); let the recorder write what finished.
            while (Volatile.Read(ref _sendingTotal) > 0) await Task.Delay(10, CancellationToken.None);
            outcomes.Writer.TryComplete();
            await recording;
        }
    }

    /// <summary>Reads ahead when few deliveries wait, then starts a send for each waiting one that fits the limits. Returns how many started.</summary>
    private async Task<int> RoundAsync(ChannelWriter<(DueDelivery, WebhookTarget, WebhookAttempt?)> outcomes, CancellationToken ct)
    {
        var o = options.CurrentValue;
        var perWebhook = Math.Max(1, o.MaxConcurrencyPerWebhook);
        if (_waitingTotal < Math.Max(1, o.BatchSize / 2)) await ReadAheadAsync(o, perWebhook, ct);

        var started = 0;
        foreach (var (webhookId, queue) in _waiting)
        {
            while (queue.Count > 0 && Volatile.Read(ref _sendingTotal) < o.MaxConcurrency && _sending.GetValueOrDefault(webhookId) < perWebhook)
            {
                var (delivery, target) = queue.Dequeue();
                _waitingTotal--;
                _sending.AddOrUpdate(webhookId, 1, (_, n) => n + 1);
                Interlocked.Increment(ref _sendingTotal);
                _ = SendAsync(delivery, target, outcomes, ct);
                started++;
            }
            if (queue.Count == 0) _waiting.Remove(webhookId);
        }
        return started;
    }

    /// <summary>One read of due deliveries (with their payloads) not already in hand, into the per-webhook queues.</summary>
    private async Task ReadAheadAsync(WebhookOptions o, int perWebhook, CancellationToken ct)
    {
        // A delivery recorded before this read began is seen in its new state; one recorded during it may not be.
        var recordings = Interlocked.Read(ref _recordings);
        foreach (var (id, recording) in _recordedIn)
            if (recording <= recordings) _recordedIn.TryRemove(id, out _);

        // A webhook with enough in hand to fill its slots twice is not read for now (a slow receiver's backlog stays in the table).
        var full = _waiting.Where(w => w.Value.Count + _sending.GetValueOrDefault(w.Key) >= 2 * perWebhook).Select(w => w.Key).ToList();
        var inHand = _inFlight.Keys.ToList();
        var now = DateTime.UtcNow;

        var (scope, db) = BackgroundScope.Create(scopes);
        await using var owned = scope;
        var due = await db.WebhookDeliveries.IgnoreQueryFilters().AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && !full.Contains(d.WebhookId) && !inHand.Contains(d.Id))
            .Where(d => d.Webhook!.IsActive && d.Webhook.DisabledAt == null) // a disabled webhook's deliveries are held
            .OrderBy(d => d.NextAttemptAt)
            .Take(Math.Max(1, o.BatchSize))
            .Select(d => new DueDelivery(d.Id, d.TenantId, d.WebhookId, d.Event, d.MessageId, d.Attempts, d.PlatformEvent!.PayloadJson))
            .ToListAsync(ct);

        // The webhooks of what is read and of what waits: an edit changes the target, a disabling drops the waiting.
        var webhookIds = due.Select(d => d.WebhookId).Concat(_waiting.Keys).Distinct().ToList();
        if (webhookIds.Count == 0) return;
        var webhooks = await db.Webhooks.IgnoreQueryFilters().AsNoTracking().Where(w => webhookIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, ct);
        foreach (var webhookId in _waiting.Keys.ToList())
        {
            if (webhooks.TryGetValue(webhookId, out var w) && w.IsActive && w.DisabledAt is null) continue;
            foreach (var (delivery, _) in _waiting[webhookId]) _inFlight.TryRemove(delivery.Id, out _);
            _waitingTotal -= _waiting[webhookId].Count;
            _waiting.Remove(webhookId);
        }

        foreach (var delivery in due)
        {
            if (_recordedIn.TryGetValue(delivery.Id, out var recording) && recording > recordings) continue;
            if (!_inFlight.TryAdd(delivery.Id, 0)) continue;
            if (!_waiting.TryGetValue(delivery.WebhookId, out var queue)) _waiting[delivery.WebhookId] = queue = new();
            queue.Enqueue((delivery, targets.For(webhooks[delivery.WebhookId], now)));
            _waitingTotal++;
        }
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
                var recording = Interlocked.Increment(ref _recordings);
                foreach (var item in batch) _recordedIn[item.Delivery.Id] = recording;
                foreach (var item in batch) _inFlight.TryRemove(item.Delivery.Id, out _);
                signal.Notify(); // retries recorded as due now, or freed rows, may be read again
            }
        }
    }
}
