using System.Net;
using System.Net.Http.Json;
using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.IntegrationTests.Push;
using FlowAdmin.IntegrationTests.Webhooks;
using FlowAdmin.Web.Features.ApiKeys;
using FlowAdmin.Web.Features.Events;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.IntegrationTests.ManagementApi;

/// <summary>One app (fast webhook delivery, loopback receivers allowed) and one receiver for the Sandbox tests.</summary>
public sealed class SandboxApp : IAsyncLifetime
{
    public FlowAdminApp App { get; private set; } = null!;
    public Receiver Receiver { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Receiver = await Receiver.StartAsync();
        App = new FlowAdminApp("Sqlite", WebhookKit.FastSettings());
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

/// <summary>
/// The Sandbox simulations of <c>/api/v1/channels/{id}/sandbox/*</c>, observed where a tenant's system sees them:
/// at a subscribed webhook receiver, and through the API's own reads.
/// </summary>
public sealed class SandboxApiTests(SandboxApp fixture) : IClassFixture<SandboxApp>
{
    private static readonly string[] InboundEvents = [EventNames.NewContact, EventNames.NewTicket, EventNames.NewMessage, EventNames.UpdateOnTicket];

    [Fact]
    public async Task A_customer_message_creates_contact_and_pending_ticket_then_reuses_the_ticket_until_it_is_closed()
    {
        var kit = await PushKit.CreateAsync(fixture.App, "SandboxInbound");
        await WebhookKit.AddAsync(kit, "CRM", fixture.Receiver.Url("/inbound"), InboundEvents);
        using var api = await fixture.App.ApiClientAsync(kit.Tenant.Id);
        var channel = $"channels/{kit.Whatsapp.Id}";
        // The channel's default department is where a customer's new ticket waits.
        var edit = await (await api.GetAsync(channel)).JsonAsync();
        edit["defaultDepartmentId"] = kit.Support.Id;
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsync(channel, JsonContent.Create(edit))).StatusCode);

        var first = await api.PostJsonAsync($"{channel}/sandbox/inbound", new { number = "5511988887777", body = "Oi, quero ajuda", name = "Maria" });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var routed = await first.JsonAsync();
        var ticketId = (int)routed["ticketId"]!;
        var contactId = (int)routed["contactId"]!;
        var messageId = (string)routed["messageId"]!;

        var received = await fixture.Receiver.WaitAsync(r => Events(r, "/inbound").Contains(EventNames.NewMessage));
        Assert.Equal(Sorted(EventNames.NewContact, EventNames.NewTicket, EventNames.NewMessage), Events(received, "/inbound"));
        var contact = Payload(received, EventNames.NewContact)["contact"]!;
        Assert.Equal(contactId, (int)contact["id"]!);
        Assert.Equal("Maria", (string)contact["name"]!);
        var ticket = Payload(received, EventNames.NewTicket)["ticket"]!;
        Assert.Equal(ticketId, (int)ticket["id"]!);
        Assert.Equal("pending", (string)ticket["status"]!);
        Assert.Equal(kit.Support.Id, (int)ticket["queuedId"]!);
        Assert.False((bool)ticket["isCreatedAtAPI"]!);
        var message = Payload(received, EventNames.NewMessage);
        WebhookKit.AssertSameShape(EventPayloads.Example(EventNames.NewMessage), message);
        Assert.Equal(messageId, (string)message["message"]!["id"]!);
        Assert.False((bool)message["message"]!["fromMe"]!);
        Assert.Equal("Oi, quero ajuda", (string)message["message"]!["body"]!);
        Assert.Equal(ticketId, (int)message["message"]!["ticketId"]!);

        var found = await (await api.GetAsync("contacts?number=5511988887777")).JsonAsync();
        Assert.Equal(1, (int)found["total"]!);
        Assert.Equal("Maria", (string)found["items"]![0]!["name"]!);
        var detail = await (await api.GetAsync($"contacts/{contactId}")).JsonAsync();
        Assert.Equal(ticketId, (int)detail["tickets"]![0]!["id"]!);
        Assert.Equal("Pending", (string)detail["tickets"]![0]!["status"]!);

        // A second message joins the same ticket: no new contact or ticket, the ticket changes (its last message).
        var second = await (await api.PostJsonAsync($"{channel}/sandbox/inbound", new { number = "5511988887777", body = "Alguém aí?" })).JsonAsync();
        Assert.Equal(ticketId, (int)second["ticketId"]!);
        Assert.Equal(contactId, (int)second["contactId"]!);
        received = await fixture.Receiver.WaitAsync(r => Events(r, "/inbound").Count(e => e == EventNames.NewMessage) == 2);
        Assert.Equal(
            Sorted(EventNames.NewContact, EventNames.NewTicket, EventNames.NewMessage, EventNames.UpdateOnTicket, EventNames.NewMessage),
            Events(received, "/inbound"));
        var stored = await kit.DbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Id == ticketId));
        Assert.Equal((TicketStatus.Pending, (int?)kit.Support.Id, "Alguém aí?", 2, false),
            (stored.Status, stored.DepartmentId, stored.LastMessage, stored.UnreadMessages, stored.Answered));
        Assert.Equal(2, await kit.DbAsync(db => db.Messages.CountAsync(m => m.TicketId == ticketId && !m.FromMe)));

        // Once its ticket is closed, the customer's next message opens a new one.
        await kit.DbAsync(db => db.Tickets.Where(t => t.Id == ticketId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TicketStatus.Closed).SetProperty(t => t.ClosedAt, DateTime.UtcNow)));
        var third = await (await api.PostJsonAsync($"{channel}/sandbox/inbound", new { number = "5511988887777", body = "Voltei" })).JsonAsync();
        Assert.NotEqual(ticketId, (int)third["ticketId"]!);
        Assert.Equal(contactId, (int)third["contactId"]!);
        received = await fixture.Receiver.WaitAsync(r => Events(r, "/inbound").Count(e => e == EventNames.NewMessage) == 3);
        Assert.Equal(2, Events(received, "/inbound").Count(e => e == EventNames.NewTicket));
        Assert.Single(Events(received, "/inbound"), e => e == EventNames.NewContact);
    }

    [Fact]
    public async Task A_status_change_is_a_ConnectionStatusUpdate_and_only_Sandbox_channels_of_the_tenant_simulate()
    {
        var kit = await PushKit.CreateAsync(fixture.App, "SandboxStatus");
        await WebhookKit.AddAsync(kit, "Status", fixture.Receiver.Url("/status"), [EventNames.ConnectionStatusUpdate]);
        using var api = await fixture.App.ApiClientAsync(kit.Tenant.Id);
        var channel = $"channels/{kit.Whatsapp.Id}";

        var changed = await api.PostJsonAsync($"{channel}/sandbox/status", new { status = ChannelStatuses.Disconnected });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(ChannelStatuses.Disconnected, (string)(await changed.JsonAsync())["status"]!);
        var received = (await fixture.Receiver.WaitAsync(r => r.Any(x => x.Path == "/status"))).Single(x => x.Path == "/status");
        Assert.Equal(EventNames.ConnectionStatusUpdate, received.Event);
        Assert.Equal(kit.Whatsapp.Id, (int)received.Json["connection"]!["id"]!);
        Assert.Equal(ChannelStatuses.Disconnected, (string)received.Json["connection"]!["status"]!);
        Assert.Equal(ChannelStatuses.Disconnected, (string)(await (await api.GetAsync(channel)).JsonAsync())["status"]!);

        var unknown = await api.PostJsonAsync($"{channel}/sandbox/status", new { status = "BROKEN" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.NotNull((await unknown.JsonAsync())["errors"]!["status"]);
        var bad = await api.PostJsonAsync($"{channel}/sandbox/inbound", new { number = "12", body = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var errors = (await bad.JsonAsync())["errors"]!;
        Assert.NotNull(errors["number"]);
        Assert.NotNull(errors["body"]);

        // A Cloud API line's messages and status come from Meta: refused, naming the transport.
        var cloud = await kit.DbAsync(async db =>
        {
            var c = new Channel { Name = "Cloud", Transport = ChannelTransport.CloudApi, Number = "5511900000009", CloudApiPhoneNumberId = "123" };
            db.Channels.Add(c);
            await db.SaveChangesAsync();
            return c.Id;
        });
        foreach (var (path, body) in new (string, object)[]
        {
            ($"channels/{cloud}/sandbox/status", new { status = ChannelStatuses.Connected }),
            ($"channels/{cloud}/sandbox/inbound", new { number = "5511988887777", body = "Oi" }),
        })
        {
            var refused = await api.PostJsonAsync(path, body);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.NotNull((await refused.JsonAsync())["errors"]!["transport"]);
        }

        using var reader = await fixture.App.ApiClientAsync(kit.Tenant.Id, ApiKeyScope.ReadOnly);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostJsonAsync($"{channel}/sandbox/status", new { status = ChannelStatuses.Connected })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostJsonAsync($"{channel}/sandbox/inbound", new { number = "5511988887777", body = "Oi" })).StatusCode);
        var other = await fixture.App.CreateTenantAsync("SandboxOther");
        using var stranger = await fixture.App.ApiClientAsync(other.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostJsonAsync($"{channel}/sandbox/status", new { status = ChannelStatuses.Connected })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostJsonAsync($"{channel}/sandbox/inbound", new { number = "5511988887777", body = "Oi" })).StatusCode);

        // Nothing refused reached the receiver, and the contact the refused inbound named was never created.
        await Task.Delay(300);
        Assert.Single(fixture.Receiver.At("/status"));
        Assert.False(await kit.DbAsync(db => db.Contacts.AnyAsync(c => c.Number == "5511988887777")));
    }

    /// <summary>The events a path received, sorted: deliveries may arrive in any order.</summary>
    private static List<string> Events(IReadOnlyList<Received> received, string path) =>
        [.. received.Where(r => r.Path == path).Select(r => r.Event).Order(StringComparer.Ordinal)];

    private static List<string> Sorted(params string[] events) => [.. events.Order(StringComparer.Ordinal)];

    private static System.Text.Json.Nodes.JsonObject Payload(IReadOnlyList<Received> received, string eventName) =>
        received.First(r => r.Path == "/inbound" && r.Event == eventName).Json;
}
