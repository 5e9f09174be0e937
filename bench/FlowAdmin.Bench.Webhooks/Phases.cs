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
    /// with the same concurrency, nothing else.
    /// </summary>
    public static async Task<Throughput> ThroughputAsync(BenchApp app, BenchReceiver receiver, BenchOptions o)
    {
        var hookId = await app.AddWebhookAsync("throughput", receiver.Url("/throughput"), EventNames.NewMessage, held: true);
        var payload = EventPayloads.WithEnvelope(EventPayloads.Example(EventNames.NewMessage), app.TenantId, EventNames.NewMessage).ToJsonString();
        for (var done = 0; done < o.Count; done += 1000)
        {
            await app.WithDbAsync(async db =>
            {
                for (var i = done; i < Math.Min(o.Count, done + 1000); i++)
                {
                    var e = new PlatformEvent { TenantId = app.TenantId, Event = EventNames.NewMessage, PayloadJson = payload };
                    db.PlatformEvents.Add(e);
                    db.WebhookDeliveries.Add(new WebhookDelivery { TenantId = app.TenantId, WebhookId = hookId, PlatformEvent = e, Event = e.Event, MessageId = "msg_" + Guid.NewGuid().ToString("N") });
                }
                return await db.SaveChangesAsync();
            });
        }

        // The yardstick: a bare HttpClient loop, same bodies, same receiver, same concurrency.
        receiver.Reset();
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = o.Concurrency });
        var url = receiver.Url("/bare");
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, o.Concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < o.Count)
            {
                using var content = new StringContent(payload);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await http.PostAsync(url, content);
                response.EnsureSuccessStatusCode();
            }
        }));
        var bare = o.Count / watch.Elapsed.TotalSeconds;

        receiver.Reset();
        watch.Restart();
        await app.WithDbAsync(db => db.Webhooks.Where(w => w.Id == hookId).ExecuteUpdateAsync(s => s.SetProperty(w => w.DisabledAt, (DateTime?)null)));
        app.Services.GetRequiredService<WebhookSignal>().Notify();
        while (receiver.Count < o.Count) await Task.Delay(20);
        var sent = o.Count / watch.Elapsed.TotalSeconds;
        while (await app.WithDbAsync(db => db.WebhookDeliveries.CountAsync(d => d.WebhookId == hookId && d.Status == DeliveryStatus.Succeeded)) < o.Count)
            await Task.Delay(50);
        var recorded = o.Count / watch.Elapsed.TotalSeconds;
        var logs = await app.WithDbAsync(db => db.LogEntries.CountAsync(l => l.WebhookId == hookId));
        if (logs != o.Count) throw new InvalidOperationException($"{logs} log entries for {o.Count} deliveries");
        await app.WithDbAsync(db => db.Webhooks.Where(w => w.Id == hookId).ExecuteUpdateAsync(s => s.SetProperty(w => w.IsActive, false)));
        return new Throughput(recorded, sent, bare);
    }

    /// <summary>Events committed at a steady rate through EventOutbox (the real path); latency = receiver arrival − commit.</summary>
    public static async Task<Latency> LatencyAsync(BenchApp app, BenchReceiver receiver, BenchOptions o)
    {
        var hookId = await app.AddWebhookAsync("latency", receiver.Url("/latency"), EventNames.AckMessage);
        var result = await SteadyAsync(app, receiver, EventNames.AckMessage, o.Rate, o.Seconds);
        await app.WithDbAsync(db => db.Webhooks.Where(w => w.Id == hookId).ExecuteUpdateAsync(s => s.SetProperty(w => w.IsActive, false)));
        return Latency.Of(result.Values);
    }

    /// <summary>Ten webhooks on one event at the isolation rate: all healthy (baseline), then one of them timing out.</summary>
    public static async Task<Isolation> IsolationAsync(BenchApp app, BenchReceiver receiver, BenchOptions o)
    {
        for (var i = 0; i < 10; i++) await app.AddWebhookAsync($"healthy {i}", receiver.Url($"/healthy/{i}"), EventNames.UpdateOnTicket);
        var baseline = await SteadyAsync(app, receiver, EventNames.UpdateOnTicket, o.IsolationRate, o.Seconds);

        for (var i = 0; i < 9; i++) await app.AddWebhookAsync($"nine {i}", receiver.Url($"/nine/{i}"), EventNames.FinishedTicket);
        var slowId = await app.AddWebhookAsync("timing out", receiver.Url("/slow"), EventNames.FinishedTicket);
        var withSlow = await SteadyAsync(app, receiver, EventNames.FinishedTicket, o.IsolationRate, o.Seconds);
        await app.WithDbAsync(db => db.Webhooks.Where(w => w.Id == slowId).ExecuteUpdateAsync(s => s.SetProperty(w => w.IsActive, false)));
        return new Isolation(Latency.Of(baseline.Values), Latency.Of(withSlow.Where(kv => kv.Value >= 0).Select(kv => kv.Value)));
    }

    /// <summary>
    /// Commits <paramref name="rate"/> events a second for <paramref name="seconds"/> (four producers on a shared
    /// schedule), then waits for their deliveries. Returns webhook-id → latency in ms (-1: never arrived, e.g. the slow one).
    /// </summary>
    private static async Task<Dictionary<string, double>> SteadyAsync(BenchApp app, BenchReceiver receiver, string eventName, int rate, int seconds)
    {
        receiver.Reset();
        var committed = new ConcurrentDictionary<string, long>();
        var payload = EventPayloads.Example(eventName);
        var total = rate * seconds;
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
                await app.WithDbAsync(async db =>
                {
                    await EventOutbox.AddAsync(db, app.TenantId, eventName, payload.DeepClone().AsObject(), CancellationToken.None);
                    var ids = db.ChangeTracker.Entries<WebhookDelivery>().Select(e => e.Entity).ToList();
                    await db.SaveChangesAsync();
                    var at = Stopwatch.GetTimestamp();
                    foreach (var d in ids) committed[d.MessageId] = at;
                    return 0;
                });
            }
        }));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var healthy = committed.Keys.ToList();
        while (DateTime.UtcNow < deadline && healthy.Count(receiver.Arrivals.ContainsKey) < ExpectedArrivals(healthy.Count, eventName))
            await Task.Delay(50);
        return committed.ToDictionary(kv => kv.Key, kv => receiver.Arrivals.TryGetValue(kv.Key, out var arrived)
            ? Math.Max(0, Stopwatch.GetElapsedTime(kv.Value, arrived).TotalMilliseconds) : -1);
    }

    // With one of ten webhooks timing out, a tenth of the deliveries never arrive.
    private static int ExpectedArrivals(int deliveries, string eventName) =>
        eventName == EventNames.FinishedTicket ? deliveries * 9 / 10 : deliveries;
}
