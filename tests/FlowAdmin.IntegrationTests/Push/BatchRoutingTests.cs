using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.Web.Routing;
using FlowAdmin.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowAdmin.IntegrationTests.Push;

/// <summary>
/// The worker routes many pushes per transaction against rows it read once (TicketRouter.Batch.cs); the
/// result must be exactly what routing them one by one gives, however the sequence opens, closes and
/// reopens tickets in between.
/// </summary>
public sealed class BatchRoutingTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task A_batch_routes_a_sequence_exactly_as_one_by_one_routing_does(string provider)
    {
        await using var app = new FlowAdminApp(provider, new Dictionary<string, string?> { ["FlowAdmin:Push:WorkerEnabled"] = "false" });
        var oneByOne = await PushKit.CreateAsync(app, "Um");
        var batched = await PushKit.CreateAsync(app, "Lote");

        await using (var scope = Scoped(app, oneByOne))
        {
            var router = scope.ServiceProvider.GetRequiredService<TicketRouter>();
            foreach (var request in Sequence(oneByOne)) await router.RouteAsync(request, null, CancellationToken.None);
        }
        await using (var scope = Scoped(app, batched))
        {
            var items = Sequence(batched).Select(r => (r, (Func<FlowAdmin.Data.AppDbContext, RouteResult, CancellationToken, Task>?)null)).ToList();
            // First in one transaction, then with a budget of zero, which commits after every request: each
            // transaction reads its rows anew and must see what the previous one wrote.
            await scope.ServiceProvider.GetRequiredService<TicketRouter>().RouteBatchAsync(items[..6], TimeSpan.FromMinutes(1), CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<TicketRouter>().RouteBatchAsync(items[6..], TimeSpan.Zero, CancellationToken.None);
        }

        var expected = await OutcomeAsync(oneByOne);
        Assert.Equal(3, expected.Tickets.Count); // 5511911110001: closed, then a new one; 5511911110002: one
        Assert.Equal(expected.Tickets, (await OutcomeAsync(batched)).Tickets);
        Assert.Equal(expected.Events, (await OutcomeAsync(batched)).Events);
    }

    private static AsyncServiceScope Scoped(FlowAdminApp app, PushKit kit)
    {
        var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Use(kit.Tenant.Id);
        return scope;
    }

    // Two contacts interleaved: a new contact with a config action, a message to its open ticket, a forced
    // close, a message that must open a new ticket, a note, and a forced transfer.
    private static List<RouteRequest> Sequence(PushKit kit)
    {
        const string first = "5511911110001", second = "5511911110002";
        var toSales = new RoutingAction(PostSendAction.RedirectToDepartment, kit.Sales.Id);
        RouteRequest Text(string number, string body, RoutingFlags? flags = null, OutgoingContent? note = null) =>
            new(kit.Whatsapp.Id, number, flags ?? new RoutingFlags(), new OutgoingContent(body), note, Action: toSales);
        return
        [
            Text(first, "a1"),
            Text(second, "b1"),
            Text(first, "a2"),
            Text(first, "a3", new RoutingFlags { ForceTicketToClosed = true, ClosingReasonId = kit.Resolved.Id }),
            Text(first, "a4"),
            Text(second, "b2", new RoutingFlags { HasNote = true }, new OutgoingContent("nota")),
            Text(first, "a5", new RoutingFlags { ForceTicketToDepartment = true, QueueId = kit.Support.Id }),
            Text(second, "b3"),
        ];
    }

    private static async Task<(List<string> Tickets, List<string> Events)> OutcomeAsync(PushKit kit)
    {
        var tickets = await kit.DbAsync(db => db.Tickets.Include(t => t.Contact).OrderBy(t => t.Id).ToListAsync());
        var messages = await kit.DbAsync(db => db.Messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Body).ToListAsync());
        var departments = new Dictionary<int, string> { [kit.Sales.Id] = "Sales", [kit.Support.Id] = "Support" };
        var described = tickets.Select(t =>
            $"{t.Contact!.Number} {t.Status} {(t.DepartmentId is { } d ? departments[d] : "-")} closed:{t.ClosingReasonId == kit.Resolved.Id} " +
            string.Join(",", messages.Where(m => m.TicketId == t.Id).Select(m => (m.IsNote ? "note:" : "") + m.Body)) +
            $" last:{t.LastMessage}").ToList();
        var events = await kit.DbAsync(db => db.PlatformEvents.OrderBy(e => e.Id).Select(e => e.Event).ToListAsync());
        return (described, events);
    }
}
