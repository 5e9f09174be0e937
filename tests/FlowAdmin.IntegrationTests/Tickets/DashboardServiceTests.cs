using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.IntegrationTests.Push;
using FlowAdmin.Web.Features.Dashboard;
using FlowAdmin.Web.Features.Tickets;
using FlowAdmin.Web.Features.Webhooks;
using FlowAdmin.Web.Routing;
using FlowAdmin.Web.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace FlowAdmin.IntegrationTests.Tickets;

public sealed class DashboardServiceTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task The_dashboard_counts_the_last_24_hours_of_the_tenant_only(string provider)
    {
        await using var app = new FlowAdminApp(provider);
        var kit = await PushKit.CreateAsync(app);
        var globex = await PushKit.CreateAsync(app, "Globex");
        var crm = await kit.AddWebhookAsync("CRM");
        var erp = await kit.AddWebhookAsync("ERP");
        var now = DateTime.UtcNow;
        await kit.DbAsync(async db =>
        {
            erp.FailingSince = now.AddHours(-2);
            erp.LastStatusCode = 500;
            db.Update(erp);
            db.Webhooks.Add(new Webhook { Name = "Antigo", Url = "https://old.example.test/", DisabledAt = now.AddDays(-1), DisabledReason = WebhookDisabledReasons.Gone });
            LogEntry Entry(LogType type, bool success, DateTime at, Webhook? webhook = null) => new()
            {
                Type = type, Success = success, CreatedAt = at, WebhookId = webhook?.Id, Event = webhook is null ? "Push" : "NewTicket",
            };
            db.LogEntries.AddRange(
                Entry(LogType.Push, true, now.AddMinutes(-5)), Entry(LogType.Push, true, now.AddHours(-23)), Entry(LogType.Push, false, now.AddHours(-1)),
                Entry(LogType.Push, true, now.AddHours(-25)),
                Entry(LogType.Webhook, true, now.AddMinutes(-1), crm), Entry(LogType.Webhook, true, now.AddMinutes(-2), crm),
                Entry(LogType.Webhook, false, now.AddMinutes(-3), erp), Entry(LogType.Webhook, false, now.AddDays(-3), erp));
            return await db.SaveChangesAsync();
        });
        await globex.DbAsync(db =>
        {
            db.LogEntries.Add(new LogEntry { Type = LogType.Push, Success = false, CreatedAt = now });
            return db.SaveChangesAsync();
        });
        await kit.RouteAsync("5511944440001");
        await kit.RouteAsync("5511944440002", new RoutingFlags { ForceTicketToClosed = true });

        var summary = await SummaryAsync(app, kit.Tenant.Id);

        Assert.Equal((2, 1), (summary.PushesAccepted, summary.PushesRejected));
        Assert.Equal([new WebhookDeliveryStats(crm.Id, "CRM", 2, 0), new WebhookDeliveryStats(erp.Id, "ERP", 0, 1)], summary.Deliveries);
        Assert.Equal(["Antigo", "ERP"], summary.Unhealthy.Select(w => w.Name));
        Assert.Equal(WebhookDisabledReasons.Gone, summary.Unhealthy[0].DisabledReason);
        Assert.Equal(500, summary.Unhealthy[1].LastStatusCode);
        Assert.Equal(new TicketCounts(1, 0, 1), summary.Tickets);

        var empty = await SummaryAsync(app, globex.Tenant.Id);
        Assert.Equal((0, 1, 0, 0), (empty.PushesAccepted, empty.PushesRejected, empty.Deliveries.Count, empty.Unhealthy.Count));
        Assert.Equal(new TicketCounts(0, 0, 0), empty.Tickets);
    }

    private static async Task<DashboardSummary> SummaryAsync(FlowAdminApp app, int tenantId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Use(tenantId);
        return await scope.ServiceProvider.GetRequiredService<DashboardService>().SummaryAsync(CancellationToken.None);
    }
}
