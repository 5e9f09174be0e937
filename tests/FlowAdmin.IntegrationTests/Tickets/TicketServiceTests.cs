using System.Globalization;
using System.Text.Json.Nodes;
using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.IntegrationTests.Push;
using FlowAdmin.Web.Features.Tickets;
using FlowAdmin.Web.Routing;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.IntegrationTests.Tickets;

/// <summary>The Atendimentos service of the real app on SQLite and PostgreSQL, on tickets the routing engine made.</summary>
public sealed class TicketServiceTests
{
    public TicketServiceTests() => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Tabs_count_and_filter_the_tickets_and_the_agents_own_come_first_in_Ativos(string provider)
    {
        await using var app = new FlowAdminApp(provider);
        var kit = await PushKit.CreateAsync(app);
        var bia = await app.CreateUserAsync(kit.Tenant.Id, "bia@acme.test", Roles.Agent, kit.Support.Id);
        await kit.RouteAsync("5511911110001");
        await kit.RouteAsync("5511911110002", new RoutingFlags { ForceTicketToDepartment = true, QueueId = kit.Sales.Id });
        var agentTicket = await kit.RouteAsync("5511911110003", new RoutingFlags { ForceTicketToUser = true, UserId = kit.Agent.Id });
        var biaTicket = await kit.RouteAsync("5511911110004", new RoutingFlags { ForceTicketToUser = true, UserId = bia.Id }, channelId: kit.Waba.Id);
        await kit.RouteAsync("5511911110005", new RoutingFlags { ForceTicketToClosed = true, ClosingReasonId = kit.Resolved.Id });

        await kit.TicketsAsync(async tickets =>
        {
            Assert.Equal(new TicketCounts(2, 2, 1), await tickets.CountsAsync(new TicketFilter(), default));
            Assert.Equal(new TicketCounts(1, 0, 0), await tickets.CountsAsync(new TicketFilter(DepartmentId: kit.Sales.Id), default));
            Assert.Equal(new TicketCounts(0, 1, 0), await tickets.CountsAsync(new TicketFilter(ChannelId: kit.Waba.Id), default));
            Assert.Equal(new TicketCounts(0, 1, 0), await tickets.CountsAsync(new TicketFilter(UserId: bia.Id), default));
            // The number filter keeps digits only, and matches a part of the number.
            Assert.Equal(new TicketCounts(0, 0, 1), await tickets.CountsAsync(new TicketFilter(Number: "+55 (11) 91111-0005"), default));
            Assert.Equal(new TicketCounts(2, 2, 1), await tickets.CountsAsync(new TicketFilter(Number: "1111000"), default));
            Assert.Equal(new TicketCounts(0, 0, 0), await tickets.CountsAsync(new TicketFilter(ChannelId: kit.Waba.Id, UserId: kit.Agent.Id), default));

            var closed = await tickets.ListAsync(new TicketQuery(TicketStatus.Closed, new TicketFilter()), default);
            Assert.Equal("Resolvido", Assert.Single(closed.Items).ClosingReasonName);
            var pendingInSales = await tickets.ListAsync(new TicketQuery(TicketStatus.Pending, new TicketFilter(DepartmentId: kit.Sales.Id)), default);
            Assert.Equal(("5511911110002", "Vendas"), (pendingInSales.Items.Single().ContactNumber, pendingInSales.Items.Single().DepartmentName));

            // Bia's ticket is the older one; as Bia it still comes first, and is marked hers.
            var asBia = await tickets.ListAsync(new TicketQuery(TicketStatus.Open, new TicketFilter(), bia.Id), default);
            Assert.Equal([biaTicket.TicketId, agentTicket.TicketId], asBia.Items.Select(r => r.Id));
            Assert.True(asBia.Items[0].IsMine);
            Assert.False(asBia.Items[1].IsMine);
            var asAgent = await tickets.ListAsync(new TicketQuery(TicketStatus.Open, new TicketFilter(), kit.Agent.Id), default);
            Assert.Equal([agentTicket.TicketId, biaTicket.TicketId], asAgent.Items.Select(r => r.Id));
            Assert.Equal(("WABA", "bia"), (asAgent.Items[1].ChannelName, asAgent.Items[1].UserName));

            var secondPage = await tickets.ListAsync(new TicketQuery(TicketStatus.Open, new TicketFilter(), kit.Agent.Id, Page: 1, PageSize: 1), default);
            Assert.Equal(2, secondPage.TotalCount);
            Assert.Equal(biaTicket.TicketId, Assert.Single(secondPage.Items).Id);
            var byIdAscending = await tickets.ListAsync(new TicketQuery(TicketStatus.Pending, new TicketFilter(), SortBy: "Id"), default);
            Assert.True(byIdAscending.Items[0].Id < byIdAscending.Items[1].Id);
        });
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Transfer_note_and_close_go_through_the_routing_engine_and_write_the_push_events(string provider)
    {
        await using var app = new FlowAdminApp(provider);
        var kit = await PushKit.CreateAsync(app);
        var webhook = await kit.AddWebhookAsync();
        var (configId, _) = await kit.AddConfigAsync("ERP Pedidos", kit.Whatsapp.Id);
        var adminId = await kit.AdminIdAsync();
        var created = await kit.RouteAsync("5511922220001", apiConfigId: configId, externalKey: "pedido-42", body: "Seu pedido saiu");
        var ticketId = created.TicketId;
        var eventsBefore = await EventNamesAsync(kit);

        await kit.TicketsAsync(s => s.TransferAsync(ticketId, new TransferTicketInput { DepartmentId = kit.Sales.Id, UserId = kit.Agent.Id }, TicketActor.User(adminId), default));
        var afterTransfer = await kit.DbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Id == ticketId));
        Assert.Equal((TicketStatus.Open, kit.Sales.Id, kit.Agent.Id), (afterTransfer.Status, afterTransfer.DepartmentId, afterTransfer.UserId));
        Assert.NotNull(afterTransfer.StartedAttendanceAt);

        await kit.TicketsAsync(s => s.AddNoteAsync(ticketId, new TicketNoteInput { Body = "  Cliente pediu retorno amanhã  " }, TicketActor.User(kit.Agent.Id), default));
        var note = await kit.DbAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.TicketId == ticketId && m.IsNote));
        Assert.Equal(("Cliente pediu retorno amanhã", kit.Agent.Id, "note"), (note.Body, note.UserId, note.Status));

        await kit.TicketsAsync(s => s.CloseAsync(ticketId, new CloseTicketInput { ClosingReasonId = kit.Resolved.Id }, TicketActor.User(kit.Agent.Id), default));
        var closed = await kit.DbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Id == ticketId));
        Assert.Equal((TicketStatus.Closed, kit.Resolved.Id), (closed.Status, closed.ClosingReasonId));
        Assert.NotNull(closed.ClosedAt);

        // The same events a push with forceTicketToDepartment+forceTicketToUser, a note, and forceTicketToClosed would write,
        // each with one delivery for the subscribed webhook.
        var events = (await EventNamesAsync(kit)).Skip(eventsBefore.Count).ToList();
        Assert.Equal(
            ["TransferOfTicket", "StartedTicket", "UpdateOnTicket", "UpdateOnTicket", "NewMessage", "FinishedTicket", "UpdateOnTicket"],
            events);
        var deliveries = await kit.DbAsync(db => db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == webhook.Id).CountAsync());
        Assert.Equal(eventsBefore.Count + events.Count, deliveries);
        var finished = await kit.DbAsync(db => db.PlatformEvents.AsNoTracking().Where(e => e.Event == "FinishedTicket").Select(e => e.PayloadJson).SingleAsync());
        var finishedTicket = JsonNode.Parse(finished)!["ticket"]!;
        Assert.Equal(("closed", kit.Resolved.Id, ticketId), ((string?)finishedTicket["status"], (int?)finishedTicket["closingReasonId"], (int?)finishedTicket["id"]));
        var newNote = await kit.DbAsync(db => db.PlatformEvents.AsNoTracking().Where(e => e.Event == "NewMessage").OrderBy(e => e.Id).Select(e => e.PayloadJson).ToListAsync());
        Assert.True((bool?)JsonNode.Parse(newNote[^1])!["message"]!["note"]);

        var detail = await kit.TicketsAsync(s => s.GetAsync(ticketId, default));
        Assert.NotNull(detail);
        Assert.Equal(("Vendas", "agent", "Resolvido", "ERP Pedidos"), (detail.DepartmentName, detail.UserName, detail.ClosingReasonName, detail.ApiConfigName));
        var message = detail.Messages.Single(m => !m.IsNote);
        Assert.Equal(("Seu pedido saiu", "pedido-42", Acks.Pending), (message.Body, message.ExternalKey, message.Ack));
        Assert.Equal(("agent", true), (detail.Messages.Single(m => m.IsNote).UserName, detail.Messages[^1].IsNote));
        Assert.Equal(["Created", "Transferred", "Started", "Closed"], detail.History.Select(h => h.Kind));
        Assert.Equal("ERP Pedidos", detail.History[0].ApiConfigName);
        Assert.Equal(("Vendas", "agent", "Admin Acme"), (detail.History[1].DepartmentName, detail.History[1].UserName, detail.History[1].ActorName));
        Assert.Equal(("Resolvido", "agent"), (detail.History[3].ClosingReasonName, detail.History[3].ActorName));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Bad_actions_get_field_errors_and_another_tenants_ticket_is_not_found(string provider)
    {
        await using var app = new FlowAdminApp(provider);
        var kit = await PushKit.CreateAsync(app);
        var globex = await app.CreateTenantAsync("Globex");
        var ticketId = (await kit.RouteAsync("5511933330001", new RoutingFlags { ForceTicketToDepartment = true, QueueId = kit.Sales.Id })).TicketId;
        var eventsBefore = (await EventNamesAsync(kit)).Count;

        async Task<(string Field, string Message)> RefusedAsync(Func<TicketService, Task> action)
        {
            var e = await Assert.ThrowsAsync<ValidationException>(() => kit.TicketsAsync(action));
            var error = Assert.Single(e.Errors);
            return (error.PropertyName, error.ErrorMessage);
        }
        Assert.Equal(("ClosingReasonId", "Choose the closing reason."),
            await RefusedAsync(s => s.CloseAsync(ticketId, new CloseTicketInput(), TicketActor.User(kit.Agent.Id), default)));
        Assert.Equal(("DepartmentId", "Choose a department, a user or both."),
            await RefusedAsync(s => s.TransferAsync(ticketId, new TransferTicketInput(), TicketActor.User(kit.Agent.Id), default)));
        Assert.Equal(("UserId", "This user has no access to the chosen department."),
            await RefusedAsync(s => s.TransferAsync(ticketId, new TransferTicketInput { DepartmentId = kit.Support.Id, UserId = kit.Agent.Id }, TicketActor.User(kit.Agent.Id), default)));
        Assert.Equal(("DepartmentId", "The ticket is already in this department and with this user."),
            await RefusedAsync(s => s.TransferAsync(ticketId, new TransferTicketInput { DepartmentId = kit.Sales.Id }, TicketActor.User(kit.Agent.Id), default)));
        Assert.Equal(("Body", "Write the note."),
            await RefusedAsync(s => s.AddNoteAsync(ticketId, new TicketNoteInput { Body = "   " }, TicketActor.User(kit.Agent.Id), default)));
        Assert.Equal(eventsBefore, (await EventNamesAsync(kit)).Count);

        await kit.TicketsAsync(s => s.CloseAsync(ticketId, new CloseTicketInput { ClosingReasonId = kit.Resolved.Id }, TicketActor.User(kit.Agent.Id), default));
        Assert.Equal(("", "This ticket is already closed."),
            await RefusedAsync(s => s.CloseAsync(ticketId, new CloseTicketInput { ClosingReasonId = kit.Resolved.Id }, TicketActor.User(kit.Agent.Id), default)));

        // Globex cannot see, close, transfer or annotate Acme's ticket: to it, the id does not exist.
        Assert.Null(await kit.TicketsAsync(s => s.GetAsync(ticketId, default), globex.Id));
        Assert.Equal(0, (await kit.TicketsAsync(s => s.ListAsync(new TicketQuery(TicketStatus.Closed, new TicketFilter()), default), globex.Id)).TotalCount);
        Assert.Equal(new TicketCounts(0, 0, 0), await kit.TicketsAsync(s => s.CountsAsync(new TicketFilter(), default), globex.Id));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => kit.TicketsAsync(s => s.AddNoteAsync(ticketId, new TicketNoteInput { Body = "x" }, TicketActor.User(kit.Agent.Id), default), globex.Id));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => kit.TicketsAsync(s => s.CloseAsync(ticketId, new CloseTicketInput(), TicketActor.User(kit.Agent.Id), default), globex.Id));
        var notes = await kit.DbAsync(db => db.Messages.CountAsync(m => m.IsNote));
        Assert.Equal(0, notes);
    }

    private static Task<List<string>> EventNamesAsync(PushKit kit) =>
        kit.DbAsync(db => db.PlatformEvents.AsNoTracking().OrderBy(e => e.Id).Select(e => e.Event).ToListAsync());
}
