using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Events;
using FlowAdmin.Web.Features.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowAdmin.Bench.Webhooks;

public static class Phases
{
    /// <summary>
    /// N deliveries queued for one held webhook, then released at once: time until every one is delivered and
    /// its attempt recorded (log entry + delivery row). The bare loop posts the same bodies to the same receiver
    /// with the same concurrency, nothing else. Both first run a quarter of N unmeasured.
    /// </summary>
    public static async Task<Throughput> ThroughputAsync(BenchApp app, BenchReceiver receiver, BenchOptions o)
    {
        var payload = EventPayloads.WithEnvelope(EventPayloads.Example(EventNames.NewMessage), app.TenantId, EventNames.NewMessage).ToJsonString();
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = o.Concurrency });

        // Both sides warm up first, unmeasured, on a quarter of the count (JIT, connections, pools): measured cold, the
        // bare loop, which ran first, was half as fast in a run's first phase as later (22,490/s against 41,081/s).
        var warmup = Math.Max(1, o.Count / 4);
        var warmupHook = await app.AddWebhookAsync("throughput warm-up", receiver.Url("/warmup"), EventNames.NewMessage, held: true);
        await QueueHeldAsync(app, warmupHook, payload, warmup);
        await BareAsync(http, receiver, payload, warmup, o.Concurrency);
        await DispatchAsync(app, receiver, warmupHook, warmup);

        var hookId = await app.AddWebhookAsync("throughput", receiver.Url("/throughput"), EventNames.NewMessage, held: true);
        await QueueHeldAsync(app, hookId, payload, o.Count);
        // The yardstick: a bare HttpClient loop, same bodies, same receiver, same concurrency.
        var bare = await BareAsync(http, receiver, payload, o.Count, o.Concurrency);
        var (sent, recorded) = await DispatchAsync(app, receiver, hookId, o.Count);
        return new Throughput(recorded, sent, bare);
    }

    /// <summary>Commits <paramref name="count"/> deliveries for a held webhook (none is sent until it is released).</summary>
    private static async Task QueueHeldAsync(BenchApp app, int hookId, string payload, int count)
    {
        for (var done = 0; done < count; done += 1000)
        {
            await app.WithDbAsync(async db =>
            {
                for (var i = done; i < Math.Min(count, done + 1000); i++)
                {
                    var e = new PlatformEvent { TenantId = app.TenantId, Event = EventNames.NewMessage, PayloadJson = payload };
                    db.PlatformEvents.Add(e);
                    db.WebhookDeliveries.Add(new WebhookDelivery { TenantId = app.TenantId, WebhookId = hookId, PlatformEvent = e, Event = e.Event, MessageId = "msg_" + Guid.NewGuid().ToString("N") });
                }
                return await db.SaveChangesAsync();
            });
        }
    }

    /// <summary>Posts the payload <paramref name="count"/> times, <paramref name="concurrency"/> at a time; returns posts per second.</summary>
    private static async Task<double> BareAsync(HttpClient http, BenchReceiver receiver, string payload, int count, int concurrency)
    {
        receiver.Reset();
        var url = receiver.Url("/bare");
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                using var content = new StringContent(payload);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await http.PostAsync(url, content);
                response.EnsureSuccessStatusCode();
            }
        }));
        return count / watch.Elapsed.TotalSeconds;
    }

    /// <summary>Releases the held webhook and waits for its deliveries: sent (at the receiver) and recorded (Succeeded) per second.</summary>
    private static async Task<(double Sent, double Recorded)> DispatchAsync(BenchApp app, BenchReceiver receiver, int hookId, int count)
    {
        receiver.Reset();
        var watch = Stopwatch.StartNew();
        await app.WithDbAsync(db => db.Webhooks.Where(w => w.Id == hookId).ExecuteUpdateAsync(s => s.SetProperty(w => w.DisabledAt, (DateTime?)null)));
        app.Services.GetRequiredService<WebhookSignal>().Notify();
        while (receiver.Count < count) await Task.Delay(20);
        var sent = count / watch.Elapsed.TotalSeconds;
        while (await app.WithDbAsync(db => db.WebhookDeliveries.CountAsync(d => d.WebhookId == hookId && d.Status == DeliveryStatus.Succeeded)) < count)
            await Task.Delay(50);
        var recorded = count / watch.Elapsed.TotalSeconds;
        var logs = await app.WithDbAsync(db => db.LogEntries.CountAsync(l => l.WebhookId == hookId));
        if (logs != count) throw new InvalidOperationException($"{logs} log entries for {count} deliveries");
        await app.WithDbAsync(db => db.Webhooks.Where(w => w.Id == hookId).ExecuteUpdateAsync(s => s.SetProperty(w => w.IsActive, false)));
        return (sent, recorded);
    }

    /// <summary>Events committed at a steady rate through EventOutbox (the real path); latency = receiver arrival − commit.</summary>
    public static async Task<Latency> LatencyAsync(BenchApp app, BenchReceiver receiver, BenchOptions o)
    {
        var hookId = await app.AddWebhookAsync("latency", receiver.Url("/latency"), EventNames.AckMessage);
        var result = await SteadyAsync(app, receiver, EventNames.AckMessage, o.Rate, o.Seconds, o.Warmup);
        await app.WithDbAsync(db => db.Webhooks.Where(w => w.Id == hookId).ExecuteUpdateAsync(s => s.SetProperty(w => w.IsActive, false)));
        return Latency.Of(result.Select(d => d.Ms));
    }

    /// <summary>
    /// Ten webhooks on one event at the isolation rate: all healthy (baseline), then nine healthy beside one timing
    /// out. Every delivery of a healthy webhook counts: one that never arrived is an infinite latency, so a starved
    /// webhook shows as p99 = ∞ instead of vanishing from the sample. Only the timing-out webhook's are left out.
    /// </summary>
    public static async Task<Isolation> IsolationAsync(BenchApp app, BenchReceiver receiver, BenchOptions o)
    {
        for (var i = 0; i < 10; i++) await app.AddWebhookAsync($"healthy {i}", receiver.Url($"/healthy/{i}"), EventNames.UpdateOnTicket);
        var baseline = await SteadyAsync(app, receiver, EventNames.UpdateOnTicket, o.IsolationRate, o.Seconds, o.Warmup);

        for (var i = 0; i < 9; i++) await app.AddWebhookAsync($"nine {i}", receiver.Url($"/nine/{i}"), EventNames.FinishedTicket);
        var slowId = await app.AddWebhookAsync("timing out", receiver.Url("/slow"), EventNames.FinishedTicket);
        var withSlow = await SteadyAsync(app, receiver, EventNames.FinishedTicket, o.IsolationRate, o.Seconds, o.Warmup, slowId);
        await app.WithDbAsync(db => db.Webhooks.Where(w => w.Id == slowId).ExecuteUpdateAsync(s => s.SetProperty(w => w.IsActive, false)));
        return new Isolation(Latency.Of(baseline.Select(d => d.Ms)), Latency.Of(withSlow.Where(d => d.WebhookId != slowId).Select(d => d.Ms)));
    }

    /// <summary>One measured delivery: its webhook and its latency in ms (-1: never arrived).</summary>
    private readonly record struct Measured(int WebhookId, double Ms);

    /// <summary>
    /// Commits <paramref name="rate"/> events a second (four producers on a shared schedule): first for
    /// <paramref name="warmup"/> seconds, not measured (JIT, connection pools, and the timing-out webhook's slots
    /// filling, as in a steady state), then for <paramref name="seconds"/>, measured; then waits up to 30 s for the
    /// measured deliveries of every webhook but <paramref name="unanswered"/> to arrive.
    /// </summary>
    private static async Task<List<Measured>> SteadyAsync(BenchApp app, BenchReceiver receiver, string eventName, int rate, int seconds, int warmup, int unanswered = 0)
    {
        receiver.Reset();
        var committed = new ConcurrentDictionary<string, (int WebhookId, long At)>();
        var payload = EventPayloads.Example(eventName);
        var unmeasured = rate * warmup;
        var total = unmeasured + rate * seconds;
        var next = -1;
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
                var measured = i >= unmeasured;
                await app.WithDbAsync(async db =>
                {
                    await EventOutbox.AddAsync(db, app.TenantId, eventName, payload.DeepClone().AsObject(), CancellationToken.None);
                    var deliveries = db.ChangeTracker.Entries<WebhookDelivery>().Select(e => e.Entity).ToList();
                    await db.SaveChangesAsync();
                    var at = Stopwatch.GetTimestamp();
                    if (measured)
                        foreach (var d in deliveries) committed[d.MessageId] = (d.WebhookId, at);
                    return 0;
                });
            }
        }));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var expected = committed.Where(kv => kv.Value.WebhookId != unanswered).Select(kv => kv.Key).ToList();
        while (DateTime.UtcNow < deadline && !expected.All(receiver.Arrivals.ContainsKey))
            await Task.Delay(50);
        return committed.Select(kv => new Measured(kv.Value.WebhookId, receiver.Arrivals.TryGetValue(kv.Key, out var arrived)
            ? Math.Max(0, Stopwatch.GetElapsedTime(kv.Value.At, arrived).TotalMilliseconds) : -1)).ToList();
    }
}
