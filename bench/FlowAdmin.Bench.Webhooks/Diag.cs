using System.Diagnostics;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Events;
using FlowAdmin.Web.Features.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowAdmin.Bench.Webhooks;

/// <summary>Where the time goes: the sender alone, and the dispatcher's reads and the recorder's write alone.</summary>
public static class Diag
{
    public static async Task RunAsync(BenchApp app, BenchReceiver receiver, BenchOptions o)
    {
        var sender = app.Services.GetRequiredService<WebhookSender>();
        var target = new WebhookTarget(1, app.TenantId, "diag", receiver.Url("/diag"), [WebhookSecrets.NewSecret()], new Dictionary<string, string>());
        var payload = EventPayloads.Example(EventNames.NewMessage).ToJsonString();
        var next = -1;
        var watch = Stopwatch.StartNew();
        var attempts = new WebhookAttempt[o.Count];
        await Task.WhenAll(Enumerable.Range(0, o.Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < o.Count)
                attempts[i] = await sender.SendAsync(target, "msg_" + i, payload, CancellationToken.None);
        }));
        Console.WriteLine($"  sender alone: {o.Count / watch.Elapsed.TotalSeconds:F0}/s");

        var hookId = await app.AddWebhookAsync("diag", receiver.Url("/diag"), EventNames.TransferOfTicket, held: true);
        var deliveries = await app.WithDbAsync(async db =>
        {
            var list = new List<WebhookDelivery>();
            for (var i = 0; i < o.Count; i++)
            {
                var e = new PlatformEvent { TenantId = app.TenantId, Event = EventNames.TransferOfTicket, PayloadJson = payload };
                db.PlatformEvents.Add(e);
                var d = new WebhookDelivery { TenantId = app.TenantId, WebhookId = hookId, PlatformEvent = e, Event = e.Event, MessageId = "msg_" + i };
                db.WebhookDeliveries.Add(d);
                list.Add(d);
            }
            await db.SaveChangesAsync();
            return list;
        });
        watch.Restart();
        for (var r = 0; r < 100; r++)
        {
            await app.WithDbAsync(async db =>
            {
                var now = DateTime.UtcNow;
                var full = new List<int>();
                var c = await db.WebhookDeliveries.IgnoreQueryFilters().AsNoTracking()
                    .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && !full.Contains(d.WebhookId))
                    .OrderBy(d => d.NextAttemptAt).Select(d => new { d.Id, d.WebhookId }).Take(16).ToListAsync();
                var ids = c.Select(x => x.Id).ToList();
                var due = await db.WebhookDeliveries.IgnoreQueryFilters().AsNoTracking().Where(d => ids.Contains(d.Id) && d.Status == DeliveryStatus.Pending)
                    .Select(d => new { d.Id, d.PlatformEvent!.PayloadJson }).ToListAsync();
                return due.Count;
            });
        }
        Console.WriteLine($"  a round's reads: {watch.Elapsed.TotalMilliseconds / 100:F2} ms");

        var recorder = app.Services.GetRequiredService<WebhookRecorder>();
        var target2 = target with { Id = hookId };
        watch.Restart();
        for (var b = 0; b < o.Count; b += 500)
        {
            var batch = deliveries.Skip(b).Take(500).Select((d, k) => new RecordedAttempt(
                new DueDelivery(d.Id, d.TenantId, d.WebhookId, d.Event, d.MessageId, 0, payload), target2, attempts[b + k])).ToList();
            await using var scope = app.Services.CreateAsyncScope();
            await recorder.RecordAsync(scope.ServiceProvider.GetRequiredService<FlowAdmin.Data.AppDbContext>(), batch, CancellationToken.None);
        }
        Console.WriteLine($"  recorder alone: {o.Count / watch.Elapsed.TotalSeconds:F0} attempts/s in batches of 500");

        // The recorder's largest part: the log rows (RowWriter, every index of LogEntries), without the deliveries' update.
        watch.Restart();
        for (var b = 0; b < o.Count; b += 500)
        {
            var logs = deliveries.Skip(b).Take(500).Select((d, k) => WebhookRecorder.ToLog(new RecordedAttempt(
                new DueDelivery(d.Id, d.TenantId, d.WebhookId, d.Event, d.MessageId, 1, payload), target2, attempts[b + k]))).ToList();
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FlowAdmin.Data.AppDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            await FlowAdmin.Data.RowWriter.InsertAsync(db, logs, CancellationToken.None);
            await tx.CommitAsync();
        }
        Console.WriteLine($"  log rows alone: {o.Count / watch.Elapsed.TotalSeconds:F0} rows/s in batches of 500");
    }
}
