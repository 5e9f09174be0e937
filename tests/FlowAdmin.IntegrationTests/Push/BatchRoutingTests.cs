using FlowAdmin.Data;
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
            var routed = new List<RouteResult>();
            var items = Sequence(batched).Select(r => (r, (Action<RouteResult>?)routed.Add)).ToList();
            var commits = 0;
            Task BeforeCommit(AppDbContext db, CancellationToken ct)
            {
                commits++;
                return Task.CompletedTask;
            }
            // First in one transaction, then with a budget of zero, which commits after every request: each
            // transaction reads its rows anew and must see what the previous one wrote.
            var router = scope.ServiceProvider.GetRequiredService<TicketRouter>();
            await router.RouteBatchAsync(items[..6], BeforeCommit, TimeSpan.FromMinutes(1), CancellationToken.None);
            Assert.Equal(1, commits);
            await router.RouteBatchAsync(items[6..], BeforeCommit, TimeSpan.Zero, CancellationToken.None);
            Assert.Equal(3, commits);
            Assert.Equal(8, routed.Count);
            Assert.Equal(2, routed.Count(r => r.ContactCreated));
        }

        var expected = await OutcomeAsync(oneByOne);
        var actual = await OutcomeAsync(batched);
        Assert.Equal(3, expected.Tickets.Count); // 5511911110001: closed, then a new one; 5511911110002: one
        Assert.Equal(expected.Tickets, actual.Tickets);
        Assert.Equal(expected.Events, actual.Events);
        Assert.Equal(expected.History, actual.History);
    }

    /// <summary>
    /// The batch writes each changed ticket by an UPDATE checked on its Version: a ticket another writer
    /// changed after the batch read it (here an agent's transfer, committed in between) fails the batch
    /// instead of being overwritten, and the worker's one-by-one path then routes on the current state.
    /// PostgreSQL only: on SQLite the batch's transaction holds the file's write lock from its first read
    /// (BEGIN IMMEDIATE), so no other writer can change the ticket in between.
    /// </summary>
    [Fact]
    public async Task A_ticket_changed_between_the_batch_read_and_its_write_is_not_overwritten()
    {
        await using var app = new FlowAdminApp("PostgreSql", new Dictionary<string, string?> { ["FlowAdmin:Push:WorkerEnabled"] = "false" });
        var kit = await PushKit.CreateAsync(app);
        const string number = "5511911110003";
        var toSales = new RoutingAction(PostSendAction.RedirectToDepartment, kit.Sales.Id);
        RouteRequest Text(string body) => new(kit.Whatsapp.Id, number, new RoutingFlags(), new OutgoingContent(body), Action: toSales);

        await using var scope = Scoped(app, kit);
        var router = scope.ServiceProvider.GetRequiredService<TicketRouter>();
        var first = await router.RouteAsync(Text("a1"), null, CancellationToken.None);
        var transferred = false;
        void TransferMeanwhile(RouteResult _)
        {
            if (transferred) return;
            transferred = true;
            // Another writer, in its own scope and transaction, moves the ticket after the batch has read it.
            using var other = Scoped(app, kit);
            other.ServiceProvider.GetRequiredService<TicketRouter>()
                .ActAsync(new TicketActionRequest(first.TicketId, new TicketAction(TicketActionKind.Transfer, kit.Agent.Id, DepartmentId: kit.Support.Id)), CancellationToken.None)
                .GetAwaiter().GetResult();
        }

        var items = new List<(RouteRequest, Action<RouteResult>?)> { (Text("a2"), TransferMeanwhile), (Text("a3"), null) };
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => router.RouteBatchAsync(items, null, TimeSpan.FromMinutes(1), CancellationToken.None));

        // The transfer stands and nothing of the failed batch was written.
        var ticket = await kit.DbAsync(db => db.Tickets.SingleAsync(t => t.Id == first.TicketId));
        Assert.Equal(kit.Support.Id, ticket.DepartmentId);
        Assert.Equal(["a1"], await kit.DbAsync(db => db.Messages.Where(m => m.TicketId == first.TicketId).Select(m => m.Body).ToListAsync()));

        // Routed again one by one, as the worker does after a failed batch: on the transferred ticket.
        foreach (var (request, _) in items) await router.RouteAsync(request, null, CancellationToken.None);
        ticket = await kit.DbAsync(db => db.Tickets.SingleAsync(t => t.Id == first.TicketId));
        Assert.Equal(kit.Support.Id, ticket.DepartmentId);
        Assert.Equal("a3", ticket.LastMessage);
        Assert.Equal(3, await kit.DbAsync(db => db.Messages.CountAsync(m => m.TicketId == first.TicketId)));
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

    private static async Task<(List<string> Tickets, List<string> Events, List<string> History)> OutcomeAsync(PushKit kit)
    {
        var tickets = await kit.DbAsync(db => db.Tickets.Include(t => t.Contact).OrderBy(t => t.Id).ToListAsync());
        var messages = await kit.DbAsync(db => db.Messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Body).ToListAsync());
        var departments = new Dictionary<int, string> { [kit.Sales.Id] = "Sales", [kit.Support.Id] = "Support" };
        var described = tickets.Select(t =>
            $"{t.Contact!.Number} {t.Status} {(t.DepartmentId is { } d ? departments[d] : "-")} closed:{t.ClosingReasonId == kit.Resolved.Id} " +
            string.Join(",", messages.Where(m => m.TicketId == t.Id).Select(m => (m.IsNote ? "note:" : "") + m.Body)) +
            $" last:{t.LastMessage}").ToList();
        var events = await kit.DbAsync(db => db.PlatformEvents.OrderBy(e => e.Id).Select(e => e.Event).ToListAsync());
        var ticketIds = tickets.Select(t => t.Id).ToList();
        var history = await kit.DbAsync(db => db.TicketEvents.OrderBy(e => e.Id).Select(e => new { e.TicketId, e.Kind, e.Detail }).ToListAsync());
        // Details name departments and reasons by id: the same ids within each tenant's kit, so compared by name.
        var historyLines = history.Select(h => $"ticket{ticketIds.IndexOf(h.TicketId)} {h.Kind} " +
            h.Detail.Replace($"department:{kit.Sales.Id}", "department:Sales").Replace($"department:{kit.Support.Id}", "department:Support")
                .Replace($"closingReason:{kit.Resolved.Id}", "closingReason:Resolved")).ToList();
        return (described, events, historyLines);
    }
}
