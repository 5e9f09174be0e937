using System.Net;
using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.IntegrationTests.Push;
using FlowAdmin.Web.Features.Channels;
using FlowAdmin.Web.Features.Events;
using FlowAdmin.Web.Features.Webhooks;
using FlowAdmin.Web.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace FlowAdmin.IntegrationTests.Webhooks;

public sealed class WebhookDeliveryTests
{
    private static readonly string[] PushEvents = [EventNames.NewContact, EventNames.NewTicket, EventNames.NewMessage, EventNames.AckMessage];

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task A_push_delivers_the_subscribed_events_signed_with_the_source_shapes_and_every_attempt_is_logged_masked(string provider)
    {
        await using var receiver = await Receiver.StartAsync();
        await using var app = new FlowAdminApp(provider, WebhookKit.FastSettings());
        var kit = await PushKit.CreateAsync(app);
        var (_, url) = await kit.AddConfigAsync("ERP", kit.Whatsapp.Id);
        var headers = new Dictionary<string, string> { ["Authorization"] = "Bearer receiver-token-123" };
        var hook = await WebhookKit.AddAsync(kit, "CRM", receiver.Url("/crm"), PushEvents, headers);
        var other = await WebhookKit.AddAsync(kit, "Only tickets", receiver.Url("/tickets"), [EventNames.NewTicket, EventNames.FinishedTicket]);

        Assert.Equal(HttpStatusCode.OK, (await PushKit.PostAsync(url, PushKit.TextExample)).StatusCode);

        // The Sandbox acks 1 (sent), 2 (delivered), 3 (read): three AckMessages.
        var all = await receiver.WaitAsync(r => r.Count(x => x.Path == "/crm") >= 6 && r.Any(x => x.Path == "/tickets"));
        await Task.Delay(500); // nothing else may arrive
        var crm = receiver.At("/crm");
        Assert.Equal(["AckMessage", "AckMessage", "AckMessage", "NewContact", "NewMessage", "NewTicket"], crm.Select(r => r.Event).Order());
        Assert.Equal(["NewTicket"], receiver.At("/tickets").Select(r => r.Event)); // only what it subscribed to
        Assert.Equal([1, 2, 3], crm.Where(r => r.Event == "AckMessage").Select(r => (int)r.Json["ack"]!).Order());

        var verifier = new StandardWebhook(hook.Secret);
        foreach (var r in crm)
        {
            WebhookKit.AssertSameShape(EventPayloads.Example(r.Event), r.Json);
            Assert.Equal(kit.Tenant.Id, (int)r.Json["tenantId"]!);
            Assert.Equal("application/json", r.Header("Content-Type"));
            Assert.Equal("application/json, text/plain, */*", r.Header("Accept"));
            Assert.StartsWith("FlowAdmin", r.Header("User-Agent"));
            Assert.Equal("Bearer receiver-token-123", r.Header("Authorization"));
            Assert.StartsWith("msg_", r.Header("webhook-id"));
            verifier.Verify(r.Body, r.Headers); // the official library: throws when the signature is wrong
        }
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(other.Secret).Verify(crm[0].Body, crm[0].Headers));
        Assert.Equal(7, crm.Select(r => r.Header("webhook-id")).Concat(receiver.At("/tickets").Select(r => r.Header("webhook-id"))).Distinct().Count());

        var logs = await kit.EventuallyAsync(db => db.LogEntries.Where(l => l.Type == LogType.Webhook).ToListAsync(), l => l.Count == 7);
        var deliveries = await kit.DbAsync(db => db.WebhookDeliveries.ToListAsync());
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Succeeded, d.Status));
        foreach (var log in logs)
        {
            var delivery = deliveries.Single(d => d.Id == log.DeliveryId);
            Assert.True(log.Success);
            Assert.Equal(200, log.HttpStatus);
            Assert.Equal(1, log.Attempt);
            Assert.Equal(delivery.Event, log.Event);
            Assert.Equal(delivery.WebhookId, log.WebhookId);
            Assert.Contains(log.ConfigName, new[] { "CRM", "Only tickets" });
            Assert.Contains("\"ok\":true", log.ResponseBody);
            Assert.Contains("X-Receiver", log.ResponseHeaders);
            Assert.Contains(delivery.MessageId, log.RequestHeaders);
            Assert.StartsWith("{", log.RequestBody);
            Assert.True(log.DurationMs >= 0);
            // Secrets never reach the log: not the signing secret, not a signature, not a custom header's value.
            foreach (var secret in new[] { hook.Secret, other.Secret, hook.Secret[6..], "receiver-token-123" })
                Assert.DoesNotContain(secret, log.RequestHeaders + log.RequestBody + log.ResponseHeaders + log.Error);
            var signature = all.First(r => r.Header("webhook-id") == delivery.MessageId).Header("webhook-signature");
            Assert.DoesNotContain(signature[3..], log.RequestHeaders);
            Assert.Contains(WebhookSecrets.Mask, log.RequestHeaders);
        }
        var health = await kit.DbAsync(db => db.Webhooks.SingleAsync(w => w.Id == hook.Id));
        Assert.True(health.LastSucceeded);
        Assert.Equal(200, health.LastStatusCode);
        Assert.NotNull(health.LastDeliveryAt);
    }

    [Fact]
    public async Task During_a_rotation_both_secrets_verify_and_a_channel_status_change_is_a_ConnectionStatusUpdate()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var app = new FlowAdminApp("Sqlite", WebhookKit.FastSettings());
        var kit = await PushKit.CreateAsync(app);
        var hook = await WebhookKit.AddAsync(kit, "Status", receiver.Url(), [EventNames.ConnectionStatusUpdate]);
        var secrets = app.Services.GetRequiredService<WebhookSecrets>();
        var rotated = await kit.DbAsync(async db =>
        {
            var webhook = await db.Webhooks.SingleAsync(w => w.Id == hook.Id);
            var secret = secrets.Rotate(webhook, DateTime.UtcNow);
            await db.SaveChangesAsync();
            return secret;
        });

        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentTenant>().Use(kit.Tenant.Id);
            var channels = scope.ServiceProvider.GetRequiredService<ChannelService>();
            var input = (await channels.GetAsync(kit.Whatsapp.Id, CancellationToken.None))!;
            await channels.UpdateAsync(kit.Whatsapp.Id, input with { Status = ChannelStatuses.Disconnected }, CancellationToken.None);
            await channels.UpdateAsync(kit.Whatsapp.Id, input with { Status = ChannelStatuses.Disconnected, Name = "Linha 1b" }, CancellationToken.None); // no status change: no event
        }

        var received = (await receiver.WaitAsync(r => r.Count >= 1)).Single();
        await Task.Delay(500);
        Assert.Single(receiver.All);
        Assert.Equal(EventNames.ConnectionStatusUpdate, received.Event);
        Assert.Equal(ChannelStatuses.Disconnected, (string)received.Json["connection"]!["status"]!);
        WebhookKit.AssertSameShape(EventPayloads.Example(EventNames.ConnectionStatusUpdate), received.Json);
        var signatures = received.Header("webhook-signature").Split(' ');
        Assert.Equal(2, signatures.Length);
        new StandardWebhook(rotated).Verify(received.Body, received.Headers); // the current secret's signature comes first
        // StandardWebhooks 1.1.2's Verify stops after the first of several space-separated signatures (its loop
        // exits before the last one), so the previous secret's signature is checked on its own: it still verifies for 24 h.
        var previousOnly = new HeaderDictionary();
        foreach (var (k, v) in received.Headers) previousOnly[k] = v;
        previousOnly["webhook-signature"] = signatures[1];
        new StandardWebhook(hook.Secret).Verify(received.Body, previousOnly);
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(hook.Secret).Verify(received.Body, new HeaderDictionary(previousOnly.ToDictionary()) { ["webhook-signature"] = signatures[0] }));
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(WebhookSecrets.NewSecret()).Verify(received.Body, received.Headers));
    }

    [Fact]
    public async Task A_500_then_a_200_is_one_retry_with_the_same_webhook_id_and_a_410_disables_the_webhook()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Respond = (r, n) => Task.FromResult(r.Path switch
        {
            "/flaky" => n == 0 ? 500 : 200,
            "/gone" => 410,
            _ => 200,
        });
        await using var app = new FlowAdminApp("Sqlite", WebhookKit.FastSettings());
        var kit = await PushKit.CreateAsync(app);
        var (_, url) = await kit.AddConfigAsync("ERP", kit.Whatsapp.Id);
        var flaky = await WebhookKit.AddAsync(kit, "Flaky", receiver.Url("/flaky"), [EventNames.NewContact]);
        var gone = await WebhookKit.AddAsync(kit, "Gone", receiver.Url("/gone"), [EventNames.NewContact]);

        await PushKit.PostAsync(url, PushKit.TextExample);
        var flakyReceived = (await receiver.WaitAsync(r => r.Count(x => x.Path == "/flaky") >= 2)).Where(r => r.Path == "/flaky").ToList();
        await kit.EventuallyAsync(db => db.Webhooks.SingleAsync(w => w.Id == gone.Id), w => w.DisabledAt is not null);
        await Task.Delay(800); // more than the retry delay: nothing more arrives
        Assert.Equal(2, receiver.At("/flaky").Count);
        Assert.Single(receiver.At("/gone"));
        Assert.Equal(flakyReceived[0].Header("webhook-id"), flakyReceived[1].Header("webhook-id"));
        new StandardWebhook(flaky.Secret).Verify(flakyReceived[1].Body, flakyReceived[1].Headers);

        var deliveries = await kit.DbAsync(db => db.WebhookDeliveries.ToListAsync());
        var flakyDelivery = deliveries.Single(d => d.WebhookId == flaky.Id);
        Assert.Equal((DeliveryStatus.Succeeded, 2, 200), (flakyDelivery.Status, flakyDelivery.Attempts, flakyDelivery.LastStatusCode));
        var goneDelivery = deliveries.Single(d => d.WebhookId == gone.Id);
        Assert.Equal((DeliveryStatus.Failed, 1, 410), (goneDelivery.Status, goneDelivery.Attempts, goneDelivery.LastStatusCode));
        var logs = await kit.EventuallyAsync(db => db.LogEntries.Where(l => l.DeliveryId == flakyDelivery.Id).OrderBy(l => l.Id).ToListAsync(), l => l.Count == 2);
        Assert.Equal([(1, false, 500), (2, true, 200)], logs.Select(l => (l.Attempt ?? 0, l.Success, l.HttpStatus ?? 0)));

        var webhook = await kit.DbAsync(db => db.Webhooks.SingleAsync(w => w.Id == gone.Id));
        Assert.Equal(WebhookDisabledReasons.Gone, webhook.DisabledReason);
        Assert.False(webhook.LastSucceeded);
        Assert.Equal(410, webhook.LastStatusCode);

        // Disabled: new events raise no delivery for it; once it answers again, re-enable and recover the failed one.
        await PushKit.PostAsync(url, PushKit.TextExample.Replace("5511999999999", "5511988880000"));
        await receiver.WaitAsync(r => r.Count(x => x.Path == "/flaky") >= 3);
        Assert.Equal(1, await kit.DbAsync(db => db.WebhookDeliveries.CountAsync(d => d.WebhookId == gone.Id)));
        receiver.Respond = (_, _) => Task.FromResult(204);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => WebhookKit.AsUserAsync(kit, Roles.Agent, s => s.RecoverFailedAsync(gone.Id, DateTime.UtcNow.AddHours(-1))));
        await WebhookKit.AsUserAsync(kit, Roles.Administrator, async s => { await s.ReenableAsync(gone.Id); return 0; });
        Assert.Equal(1, await WebhookKit.AsUserAsync(kit, Roles.Administrator, s => s.RecoverFailedAsync(gone.Id, DateTime.UtcNow.AddHours(-1))));
        var again = (await receiver.WaitAsync(r => r.Count(x => x.Path == "/gone") >= 2)).Where(r => r.Path == "/gone").ToList();
        Assert.Equal(again[0].Header("webhook-id"), again[1].Header("webhook-id"));
        await kit.EventuallyAsync(db => db.WebhookDeliveries.SingleAsync(d => d.WebhookId == gone.Id), d => d.Status == DeliveryStatus.Succeeded);
    }

    [Fact]
    public async Task A_webhook_failing_for_the_configured_period_is_disabled_and_its_held_deliveries_are_kept()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Respond = (_, _) => Task.FromResult(503);
        var settings = WebhookKit.FastSettings();
        settings["FlowAdmin:Webhooks:RetrySchedule"] = string.Join(",", Enumerable.Repeat("00:00:00.300", 20));
        settings["FlowAdmin:Webhooks:DisableAfter"] = "00:00:01.500";
        await using var app = new FlowAdminApp("Sqlite", settings);
        var kit = await PushKit.CreateAsync(app);
        var (_, url) = await kit.AddConfigAsync("ERP", kit.Whatsapp.Id);
        var hook = await WebhookKit.AddAsync(kit, "Down", receiver.Url(), [EventNames.NewContact, EventNames.NewTicket, EventNames.NewMessage]);

        await PushKit.PostAsync(url, PushKit.TextExample);
        var webhook = await kit.EventuallyAsync(db => db.Webhooks.SingleAsync(w => w.Id == hook.Id), w => w.DisabledAt is not null);
        Assert.Equal(WebhookDisabledReasons.Failing, webhook.DisabledReason);
        Assert.NotNull(webhook.FailingSince);
        Assert.True(webhook.DisabledAt - webhook.FailingSince >= TimeSpan.FromSeconds(1.5));
        await Task.Delay(1000);
        var count = receiver.All.Count;
        await Task.Delay(1000);
        Assert.Equal(count, receiver.All.Count); // held: nothing is sent while disabled
        var deliveries = await kit.DbAsync(db => db.WebhookDeliveries.ToListAsync());
        Assert.Equal(3, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Pending, d.Status)); // kept, not dropped
        Assert.Equal(count, await kit.DbAsync(db => db.LogEntries.CountAsync(l => l.WebhookId == hook.Id)));

        receiver.Respond = (_, _) => Task.FromResult(200);
        await WebhookKit.AsUserAsync(kit, Roles.Administrator, async s => { await s.ReenableAsync(hook.Id); return 0; });
        await kit.EventuallyAsync(db => db.WebhookDeliveries.ToListAsync(), l => l.All(d => d.Status == DeliveryStatus.Succeeded));
    }

    [Fact]
    public async Task A_restart_in_the_middle_of_retries_loses_nothing()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Respond = (_, _) => Task.FromResult(503);
        var settings = WebhookKit.FastSettings();
        settings["FlowAdmin:Webhooks:RetrySchedule"] = "00:00:01, 00:00:01, 00:00:01, 00:00:01, 00:00:01";
        var first = new FlowAdminApp("Sqlite", settings) { KeepData = true };
        PushKit kit;
        try
        {
            kit = await PushKit.CreateAsync(first);
            var (_, url) = await kit.AddConfigAsync("ERP", kit.Whatsapp.Id);
            await WebhookKit.AddAsync(kit, "Later", receiver.Url(), [EventNames.NewContact, EventNames.NewTicket, EventNames.NewMessage]);
            await PushKit.PostAsync(url, PushKit.TextExample);
            await receiver.WaitAsync(r => r.Select(x => x.Header("webhook-id")).Distinct().Count() == 3);
        }
        finally
        {
            await first.DisposeAsync();
        }
        var beforeRestart = receiver.All.Select(r => r.Header("webhook-id")).ToHashSet();

        receiver.Respond = (_, _) => Task.FromResult(200);
        await using var second = new FlowAdminApp(first);
        _ = second.BaseAddress; // starts the app and its dispatcher
        var restarted = new PushKit
        {
            App = second, Tenant = kit.Tenant, Whatsapp = kit.Whatsapp, Waba = kit.Waba, Sales = kit.Sales,
            Support = kit.Support, Resolved = kit.Resolved, Order = kit.Order, Agent = kit.Agent,
        };
        var deliveries = await restarted.EventuallyAsync(db => db.WebhookDeliveries.ToListAsync(), l => l.All(d => d.Status == DeliveryStatus.Succeeded), 60);
        Assert.Equal(3, deliveries.Count);
        Assert.All(deliveries, d => Assert.True(d.Attempts >= 2));
        var succeeded = receiver.All.GroupBy(r => r.Header("webhook-id")).ToList();
        Assert.Equal(beforeRestart, succeeded.Select(g => g.Key).ToHashSet()); // the same three, same ids
        var logs = await restarted.DbAsync(db => db.LogEntries.Where(l => l.Type == LogType.Webhook).ToListAsync());
        Assert.Equal(receiver.All.Count, logs.Count); // every attempt, on both sides of the restart
    }

    [Fact]
    public async Task Private_targets_are_refused_by_default_and_the_refusal_is_logged()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var app = new FlowAdminApp("Sqlite", WebhookKit.FastSettings(allowPrivate: false));
        var kit = await PushKit.CreateAsync(app);
        var (_, url) = await kit.AddConfigAsync("ERP", kit.Whatsapp.Id);
        var hook = await WebhookKit.AddAsync(kit, "Internal", receiver.Url(), [EventNames.NewContact]);

        await PushKit.PostAsync(url, PushKit.TextExample);
        var log = await kit.EventuallyAsync(db => db.LogEntries.FirstOrDefaultAsync(l => l.WebhookId == hook.Id), l => l is not null);
        Assert.False(log!.Success);
        Assert.Null(log.HttpStatus);
        Assert.Contains("refused", log.Error);
        Assert.Empty(receiver.All);
        var result = await WebhookKit.AsUserAsync(kit, Roles.Administrator, s => s.SendTestAsync(hook.Id));
        Assert.False(result.Success);
        Assert.Contains("refused", result.Error);
        Assert.Empty(receiver.All);
    }

    [Fact]
    public async Task Test_send_and_replay_reach_the_receiver_now_and_are_for_administrators_only()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Respond = (_, _) => Task.FromResult(201);
        await using var app = new FlowAdminApp("Sqlite", WebhookKit.FastSettings());
        var kit = await PushKit.CreateAsync(app);
        var other = await PushKit.CreateAsync(app, "Globex");
        var hook = await WebhookKit.AddAsync(kit, "CRM", receiver.Url(), [EventNames.FinishedTicket]);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => WebhookKit.AsUserAsync(kit, Roles.Agent, s => s.SendTestAsync(hook.Id)));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => WebhookKit.AsUserAsync(other, Roles.Administrator, s => s.SendTestAsync(hook.Id)));
        Assert.Empty(receiver.All);

        var result = await WebhookKit.AsUserAsync(kit, Roles.Administrator, s => s.SendTestAsync(hook.Id));
        Assert.True(result.Success);
        Assert.Equal(201, result.StatusCode);
        Assert.Contains("\"ok\":true", result.ResponseBody);
        var test = Assert.Single(receiver.All);
        Assert.Equal(EventNames.FinishedTicket, test.Event);
        Assert.Equal(kit.Tenant.Id, (int)test.Json["tenantId"]!);
        new StandardWebhook(hook.Secret).Verify(test.Body, test.Headers);
        var testLog = await kit.DbAsync(db => db.LogEntries.SingleAsync(l => l.Id == result.LogEntryId));
        Assert.Equal((true, 201, "CRM"), (testLog.Success, testLog.HttpStatus ?? 0, testLog.ConfigName));

        // A real delivery, then "Reenviar" from its log entry: sent again now with the same webhook-id.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentTenant>().Use(kit.Tenant.Id);
            var db = scope.ServiceProvider.GetRequiredService<FlowAdmin.Data.AppDbContext>();
            await EventOutbox.AddAsync(db, kit.Tenant.Id, EventNames.FinishedTicket, EventPayloads.Example(EventNames.FinishedTicket), CancellationToken.None);
            await db.SaveChangesAsync();
        }
        var delivered = (await receiver.WaitAsync(r => r.Count == 2))[1];
        var delivery = await kit.EventuallyAsync(db => db.WebhookDeliveries.SingleAsync(), d => d.Status == DeliveryStatus.Succeeded);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => WebhookKit.AsUserAsync(kit, Roles.Agent, s => s.ReplayAsync(delivery.Id)));
        var replay = await WebhookKit.AsUserAsync(kit, Roles.Administrator, s => s.ReplayAsync(delivery.Id));
        Assert.True(replay.Success);
        var replayed = (await receiver.WaitAsync(r => r.Count == 3))[2];
        Assert.Equal(delivered.Header("webhook-id"), replayed.Header("webhook-id"));
        Assert.Equal(delivered.Body, replayed.Body);
        var logs = await kit.DbAsync(db => db.LogEntries.Where(l => l.DeliveryId == delivery.Id).OrderBy(l => l.Id).ToListAsync());
        Assert.Equal([1, 2], logs.Select(l => l.Attempt ?? 0));
        Assert.Equal(replay.LogEntryId, logs[1].Id);
    }
}
