using System.Text.Json.Nodes;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Web.Features.Events;

/// <summary>
/// Records a platform event and one WebhookDelivery per active webhook subscribed to it, in the
/// caller's unit of work: they are committed by the caller's SaveChanges, in the same transaction
/// as the change that raised the event, so a crash can never lose one without the other.
/// </summary>
public static class EventOutbox
{
    public static async Task AddAsync(AppDbContext db, int tenantId, string eventName, JsonObject payload, CancellationToken ct)
    {
        // Every payload carries tenantId and event at the top level (SPEC §6).
        payload["tenantId"] = tenantId;
        payload["event"] = eventName;
        var platformEvent = new PlatformEvent { TenantId = tenantId, Event = eventName, PayloadJson = payload.ToJsonString() };
        db.PlatformEvents.Add(platformEvent);

        foreach (var webhook in (await SubscribersAsync(db, tenantId, ct)).Where(w => w.Events.Contains(eventName)))
        {
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                TenantId = tenantId,
                WebhookId = webhook.Id,
                PlatformEvent = platformEvent,
                Event = eventName,
                MessageId = "msg_" + Guid.NewGuid().ToString("N"),
            });
        }
    }

    /// <summary>
    /// The same as <see cref="AddAsync"/> for many events, written at once through <see cref="RowWriter"/>
    /// (one prepared statement per table, no change tracking) on the context's connection and current
    /// transaction: the caller must be inside the transaction of the change that raised them. The push
    /// worker's send pass and the Sandbox's acks write one event per message this way.
    /// </summary>
    public static async Task WriteAsync(AppDbContext db, IReadOnlyList<(int TenantId, string Event, JsonObject Payload)> events, CancellationToken ct)
    {
        if (events.Count == 0) return;
        var now = DateTime.UtcNow;
        var rows = new List<PlatformEvent>(events.Count);
        foreach (var (tenantId, eventName, payload) in events)
        {
            payload["tenantId"] = tenantId;
            payload["event"] = eventName;
            rows.Add(new PlatformEvent { TenantId = tenantId, Event = eventName, PayloadJson = payload.ToJsonString(), CreatedAt = now });
        }
        await RowWriter.InsertAsync(db, rows, ct);
        var deliveries = new List<WebhookDelivery>();
        foreach (var row in rows)
        foreach (var webhook in (await SubscribersAsync(db, row.TenantId, ct)).Where(w => w.Events.Contains(row.Event)))
        {
            deliveries.Add(new WebhookDelivery
            {
                TenantId = row.TenantId, WebhookId = webhook.Id, PlatformEventId = row.Id, Event = row.Event,
                MessageId = "msg_" + Guid.NewGuid().ToString("N"), NextAttemptAt = now, CreatedAt = now,
            });
        }
        await RowWriter.InsertAsync(db, deliveries, ct);
    }

    // The tenant's active webhooks, read once per unit of work: a routed batch raises hundreds of events in one context.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<AppDbContext, Dictionary<int, List<(int Id, List<string> Events)>>> Subscribers = new();

    private static async Task<List<(int Id, List<string> Events)>> SubscribersAsync(AppDbContext db, int tenantId, CancellationToken ct)
    {
        var byTenant = Subscribers.GetValue(db, _ => []);
        if (byTenant.TryGetValue(tenantId, out var known)) return known;
        var rows = await db.Webhooks.IgnoreQueryFilters()
            .Where(w => w.TenantId == tenantId && w.IsActive && w.DisabledAt == null)
            .Select(w => new { w.Id, w.Events })
            .ToListAsync(ct);
        return byTenant[tenantId] = rows.Select(w => (w.Id, w.Events)).ToList();
    }
}
