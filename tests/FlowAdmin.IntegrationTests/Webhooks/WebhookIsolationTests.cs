using System.Diagnostics;
using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.IntegrationTests.Push;
using FlowAdmin.Web.Features.Events;
using FlowAdmin.Web.Features.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.IntegrationTests.Webhooks;

public sealed class WebhookIsolationTests
{
    /// <summary>
    /// A tenant's receiver stops answering while 600 events are queued for it (more than one read of the
    /// dispatcher): another webhook's events still arrive within seconds, not after the hanging one's timeouts,
    /// and the hanging receiver is sent no more requests than its per-webhook limit.
    /// </summary>
    [Fact]
    public async Task A_webhook_whose_receiver_hangs_with_a_backlog_does_not_delay_another_webhooks_deliveries()
    {
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await Receiver.StartAsync();
        receiver.Respond = (r, _) => r.Path == "/down" ? release.Task : Task.FromResult(200);
        var settings = WebhookKit.FastSettings();
        settings["FlowAdmin:Webhooks:Timeout"] = "00:00:30"; // the hanging receiver holds its slots for the whole test
        try
        {
            await using var app = new FlowAdminApp("Sqlite", settings);
            var kit = await PushKit.CreateAsync(app);
            await WebhookKit.AddAsync(kit, "Down", receiver.Url("/down"), [EventNames.UpdateOnTicket]);
            var healthy = await WebhookKit.AddAsync(kit, "Up", receiver.Url("/up"), [EventNames.FinishedTicket]);

            // The backlog first (oldest, so first in due order), then one event for the healthy webhook.
            await RaiseAsync(kit, EventNames.UpdateOnTicket, 600);
            await RaiseAsync(kit, EventNames.FinishedTicket, 1);
            var watch = Stopwatch.StartNew();
            await receiver.WaitAsync(r => r.Any(x => x.Path == "/up"), timeoutSeconds: 10);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));

            // Once the hanging one is known to be stuck, each new event still arrives at once.
            await Task.Delay(WebhookDispatcher.StuckAfter + TimeSpan.FromMilliseconds(500));
            for (var i = 2; i <= 6; i++)
            {
                watch.Restart();
                await RaiseAsync(kit, EventNames.FinishedTicket, 1);
                await receiver.WaitAsync(r => r.Count(x => x.Path == "/up") >= i, timeoutSeconds: 10);
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"event {i} took {watch.Elapsed.TotalMilliseconds:F0} ms");
            }
            Assert.Equal(16, receiver.At("/down").Count); // its own 16 slots, nothing more
            var up = await kit.EventuallyAsync(db => db.WebhookDeliveries.Where(d => d.WebhookId == healthy.Id).ToListAsync(),
                l => l.All(d => d.Status == DeliveryStatus.Succeeded));
            Assert.Equal(6, up.Count);
        }
        finally
        {
            release.TrySetResult(200); // let the receiver's hanging requests end
        }
    }

    private static Task<int> RaiseAsync(PushKit kit, string eventName, int count) => kit.DbAsync(async db =>
    {
        for (var i = 0; i < count; i++)
            await EventOutbox.AddAsync(db, kit.Tenant.Id, eventName, EventPayloads.Example(eventName), CancellationToken.None);
        return await db.SaveChangesAsync();
    });
}
