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
/// frees, at most <see cref="WebhookOptions.MaxConcurrencyPerWebhook"/> per webhook. A webhook whose last attempt
/// failed, or whose slots are all taken with nothing back for <see cref="StuckAfter"/>, is stuck:
/// it holds at most as many read-ahead deliveries as it has slots, its waiting ones do not hold back the next read,
/// and its rows are left out of the due reads while it is full, so its backlog (the oldest rows) can never fill a
/// read or the queues that the other webhooks need. Any other webhook is full at half a batch waiting. (Reading per
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
    // Per webhook, when a send of it last finished (or it last became busy) and whether that attempt failed.
    private readonly ConcurrentDictionary<int, (long Tick, bool Failed)> _lastDone = new();
    // Deliveries recorded since a given read began, by recording number: that read may still see them Pending.
    private readonly ConcurrentDictionary<long, long> _recordedIn = new();
    private long _recordings;

    /// <summary>All slots taken and nothing back for this long: the receiver is not answering (the timeout is 15 s).</summary>
    public static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(1);

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
        // What stuck webhooks hold waiting is capped and never counts here: they cannot hold back the others' reads.
        var waitingForOthers = 0;
        foreach (var (webhookId, queue) in _waiting)
            if (IsStuck(webhookId, perWebhook)) KeepAtMost(queue, perWebhook);
            else waitingForOthers += queue.Count;
        // New rows are read at once (a webhook with half a batch waiting is left out of that read); else read
        // again when half a batch is gone, not per freed slot.
        // A read tops the waiting up to a batch (at least half a batch), so it never reads payloads it would drop.
        if (signal.TakeNewRows() | waitingForOthers < HalfBatch(o))
            await ReadAheadAsync(o, perWebhook, Math.Max(HalfBatch(o), o.BatchSize - waitingForOthers), ct);

        var started = 0;
        foreach (var (webhookId, queue) in _waiting)
        {
            while (queue.Count > 0 && Volatile.Read(ref _sendingTotal) < o.MaxConcurrency && _sending.GetValueOrDefault(webhookId) < perWebhook)
            {
                var (delivery, target) = queue.Dequeue();
                // Busy from now: "nothing back for StuckAfter" counts from here (a failure stays noted).
                if (_sending.AddOrUpdate(webhookId, 1, (_, n) => n + 1) == 1)
                    _lastDone[webhookId] = (Environment.TickCount64, _lastDone.TryGetValue(webhookId, out var last) && last.Failed);
                Interlocked.Increment(ref _sendingTotal);
                _ = SendAsync(delivery, target, outcomes, ct);
                started++;
            }
            if (queue.Count == 0) _waiting.Remove(webhookId);
        }
        return started;
    }

    private static int HalfBatch(WebhookOptions o) => Math.Max(1, o.BatchSize / 2);

    /// <summary>
    /// Its last attempt failed (a timeout, an error), or all its slots are taken and nothing came back for
    /// <see cref="StuckAfter"/>. A failed one stays stuck while its slots free up (the timeouts of a wave end
    /// together): else the read that follows would fill with its backlog, the oldest rows.
    /// </summary>
    private bool IsStuck(int webhookId, int perWebhook) =>
        _lastDone.TryGetValue(webhookId, out var last)
        && (last.Failed || (_sending.GetValueOrDefault(webhookId) >= perWebhook && Environment.TickCount64 - last.Tick >= (long)StuckAfter.TotalMilliseconds));

    /// <summary>Left out of the next read: a stuck webhook with its slots' worth waiting, another with half a batch.</summary>
    private bool IsFull(int webhookId, int waiting, WebhookOptions o, int perWebhook) =>
        waiting >= (IsStuck(webhookId, perWebhook) ? perWebhook : HalfBatch(o));

    /// <summary>How many a read may leave waiting for a webhook: a stuck one its slots' worth, another a batch (read again at half).</summary>
    private int MaxWaiting(int webhookId, WebhookOptions o, int perWebhook) => IsStuck(webhookId, perWebhook) ? perWebhook : Math.Max(1, o.BatchSize);

    /// <summary>Gives back the newest waiting deliveries beyond <paramref name="max"/>: they stay Pending in the table.</summary>
    private void KeepAtMost(Queue<(DueDelivery Delivery, WebhookTarget Target)> queue, int max)
    {
        if (queue.Count <= max) return;
        var kept = queue.Take(max).ToList();
        foreach (var (delivery, _) in queue.Skip(max)) _inFlight.TryRemove(delivery.Id, out _);
        queue.Clear();
        foreach (var item in kept) queue.Enqueue(item);
    }

    /// <summary>One read of due deliveries (with their payloads) not already in hand, into the per-webhook queues.</summary>
    private async Task ReadAheadAsync(WebhookOptions o, int perWebhook, int take, CancellationToken ct)
    {
        // A delivery recorded before this read began is seen in its new state; one recorded during it may not be.
        var recordings = Interlocked.Read(ref _recordings);
        foreach (var (id, recording) in _recordedIn)
            if (recording <= recordings) _recordedIn.TryRemove(id, out _);

        // A full webhook is not read for now: a stuck receiver's backlog stays in the table.
        var full = _waiting.Where(w => IsFull(w.Key, w.Value.Count, o, perWebhook)).Select(w => w.Key).ToList();
        // One array parameter (JSON on SQLite and SQL Server): in hand can be thousands of ids, past SQL Server's 2,100 parameters.
        var inHand = _inFlight.Keys.ToList();
        var now = DateTime.UtcNow;

        var (scope, db) = BackgroundScope.Create(scopes);
        await using var owned = scope;
        var due = await db.WebhookDeliveries.IgnoreQueryFilters().AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && !full.Contains(d.WebhookId) && !EF.Parameter(inHand).Contains(d.Id))
            .Where(d => d.Webhook!.IsActive && d.Webhook.DisabledAt == null) // a disabled webhook's deliveries are held
            .OrderBy(d => d.NextAttemptAt)
            .Take(take)
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
            _waiting.Remove(webhookId);
        }

        foreach (var delivery in due)
        {
            if (_recordedIn.TryGetValue(delivery.Id, out var recording) && recording > recordings) continue;
            if (!_waiting.TryGetValue(delivery.WebhookId, out var queue)) _waiting[delivery.WebhookId] = queue = new();
            if (queue.Count >= MaxWaiting(delivery.WebhookId, o, perWebhook) || !_inFlight.TryAdd(delivery.Id, 0)) continue;
            queue.Enqueue((delivery, targets.For(webhooks[delivery.WebhookId], now)));
        }
    }

    private async Task SendAsync(DueDelivery delivery, WebhookTarget target, ChannelWriter<(DueDelivery, WebhookTarget, WebhookAttempt?)> outcomes, CancellationToken ct)
    {
        try
        {
            await Task.Yield(); // never run a send on the reading loop's thread
            var attempt = await sender.SendAsync(target, delivery.MessageId, delivery.Payload, ct);
            _lastDone[delivery.WebhookId] = (Environment.TickCount64, !attempt.Success);
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
            signal.NotifyFreed();
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
                // A failure may be due again soon (or, not recorded, is due now): read; else only the in-hand count changed.
                if (batch.Any(b => b.Attempt is not { Success: true })) signal.Notify();
                else signal.NotifyFreed();
            }
        }
    }
}
