using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Push;
using FlowAdmin.Web.Features.Events;
using FlowAdmin.Web.Features.Tickets;
using FlowAdmin.Web.Routing;
using FlowAdmin.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowAdmin.IntegrationTests.Tickets;

/// <summary>Tickets made by the real routing engine (as the push worker calls it), and the ticket service of one tenant.</summary>
internal static class TicketKit
{
    public static async Task<RouteResult> RouteAsync(this PushKit kit, string number, RoutingFlags? flags = null, int? channelId = null,
        int? apiConfigId = null, string body = "Olá", string externalKey = "key-1")
    {
        await using var scope = kit.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Use(kit.Tenant.Id);
        var request = new RouteRequest(channelId ?? kit.Whatsapp.Id, number, flags ?? new RoutingFlags(), new OutgoingContent(body),
            ApiConfigId: apiConfigId, Action: apiConfigId is null ? null : new RoutingAction(PostSendAction.KeepOpen), ExternalKey: externalKey);
        return await scope.ServiceProvider.GetRequiredService<TicketRouter>().RouteAsync(request, null, CancellationToken.None);
    }

    public static async Task<T> TicketsAsync<T>(this PushKit kit, Func<TicketService, Task<T>> work, int? tenantId = null)
    {
        await using var scope = kit.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Use(tenantId ?? kit.Tenant.Id);
        return await work(scope.ServiceProvider.GetRequiredService<TicketService>());
    }

    public static Task TicketsAsync(this PushKit kit, Func<TicketService, Task> work, int? tenantId = null) =>
        kit.TicketsAsync(async s => { await work(s); return true; }, tenantId);

    public static Task<int> AdminIdAsync(this PushKit kit) =>
        kit.DbAsync(db => db.TenantUsers.Where(u => u.Email == Infrastructure.FlowAdminApp.AdminEmail(kit.Tenant.Name)).Select(u => u.Id).SingleAsync());

    /// <summary>A webhook subscribed to every event, so each event also writes a WebhookDelivery.</summary>
    public static Task<Webhook> AddWebhookAsync(this PushKit kit, string name = "CRM") => kit.DbAsync(async db =>
    {
        var webhook = new Webhook { Name = name, Url = "https://crm.example.test/hooks", Events = [.. EventNames.All] };
        db.Webhooks.Add(webhook);
        await db.SaveChangesAsync();
        return webhook;
    });
}
