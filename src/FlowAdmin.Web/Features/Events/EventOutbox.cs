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
