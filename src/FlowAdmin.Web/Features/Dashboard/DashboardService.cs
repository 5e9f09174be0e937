using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Web.Features.Dashboard;

/// <summary>Webhook delivery attempts of the window, for one webhook.</summary>
public sealed record WebhookDeliveryStats(int WebhookId, string Name, int Succeeded, int Failed);

/// <summary>A webhook that is disabled or failing now. Never its URL, secret or headers: agents see this.</summary>
public sealed record WebhookHealth(int Id, string Name, DateTime? DisabledAt, string? DisabledReason, DateTime? FailingSince, int? LastStatusCode);

public sealed record DashboardSummary(
    DateTime Since, int PushesAccepted, int PushesRejected, IReadOnlyList<WebhookDeliveryStats> Deliveries,
    IReadOnlyList<WebhookHealth> Unhealthy, TicketCounts Tickets);

/// <summary>The home page's figures for the current tenant, from the log entries, webhooks and tickets.</summary>
public sealed class DashboardService(IDbContextFactory<AppDbContext> factory, TicketService tickets)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    public async Task<DashboardSummary> SummaryAsync(CancellationToken ct)
    {
        var since = DateTime.UtcNow - Window;
        await using var db = await factory.CreateDbContextAsync(ct);
        // Counted in the database (index TenantId, CreatedAt): the window can hold many thousand entries.
        var pushes = await db.LogEntries.AsNoTracking()
            .Where(l => l.Type == LogType.Push && l.CreatedAt >= since)
            .GroupBy(l => l.Success).Select(g => new { Success = g.Key, Count = g.Count() }).ToListAsync(ct);
        var deliveries = await db.LogEntries.AsNoTracking()
            .Where(l => l.Type == LogType.Webhook && l.CreatedAt >= since && l.WebhookId != null)
            .GroupBy(l => new { l.WebhookId, l.Success }).Select(g => new { g.Key.WebhookId, g.Key.Success, Count = g.Count() }).ToListAsync(ct);
        var webhookIds = deliveries.Select(d => d.WebhookId!.Value).Distinct().ToList();
        var names = await db.Webhooks.AsNoTracking().Where(w => webhookIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, w => w.Name, ct);
        var unhealthy = await db.Webhooks.AsNoTracking()
            .Where(w => w.DisabledAt != null || w.FailingSince != null)
            .OrderBy(w => w.Name)
            .Select(w => new WebhookHealth(w.Id, w.Name, w.DisabledAt, w.DisabledReason, w.FailingSince, w.LastStatusCode))
            .ToListAsync(ct);

        return new DashboardSummary(
            since,
            pushes.Where(p => p.Success).Sum(p => p.Count),
            pushes.Where(p => !p.Success).Sum(p => p.Count),
            [.. deliveries.GroupBy(d => d.WebhookId!.Value)
                .Select(g => new WebhookDeliveryStats(g.Key, names.GetValueOrDefault(g.Key, $"#{g.Key}"),
                    g.Where(d => d.Success).Sum(d => d.Count), g.Where(d => !d.Success).Sum(d => d.Count)))
                .OrderBy(s => s.Name)],
            unhealthy,
            await tickets.CountsAsync(new TicketFilter(), ct));
    }
}
