using System.Net;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.IntegrationTests.Push;
using FlowAdmin.Web.Routing;

namespace FlowAdmin.IntegrationTests.Tickets;

public sealed class TicketPageAccessTests
{
    [Fact]
    public async Task An_agent_opens_a_ticket_of_the_tenant_and_another_tenants_ticket_id_is_not_found()
    {
        await using var app = new FlowAdminApp();
        var kit = await PushKit.CreateAsync(app);
        var globex = await PushKit.CreateAsync(app, "Globex");
        var acmeTicket = (await kit.RouteAsync("5511955550001", new RoutingFlags { ForceTicketToDepartment = true, QueueId = kit.Sales.Id }, body: "Pedido da Acme")).TicketId;
        var globexTicket = (await globex.RouteAsync("5511955550002", body: "Segredo da Globex")).TicketId;

        using var agent = await app.SignInAsync(kit.Agent.Email!);
        // The page is prerendered on the server: its HTML is what the agent's browser receives first.
        var own = await agent.GetAsync($"atendimentos/{acmeTicket}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var ownHtml = await own.Content.ReadAsStringAsync();
        Assert.Contains("Pedido da Acme", ownHtml);
        Assert.Contains("data-testid=\"ticket-close\"", ownHtml);

        var crafted = await (await agent.GetAsync($"atendimentos/{globexTicket}")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"ticket-not-found\"", crafted);
        Assert.DoesNotContain("Segredo da Globex", crafted);
        Assert.DoesNotContain("5511955550002", crafted);
        var list = await (await agent.GetAsync("atendimentos")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("5511955550002", list);

        // Signed out, the page is not served at all.
        var anonymous = await app.NewBrowserLikeClient().GetAsync($"atendimentos/{acmeTicket}");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }
}
