using System.Collections.Concurrent;
using System.Net;
using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.Web.Routing;
using FlowAdmin.Web.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowAdmin.IntegrationTests.Push;

public sealed class PushQueueTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Fifty_concurrent_first_pushes_for_one_new_contact_create_exactly_one_ticket(string provider)
    {
        await using var app = new FlowAdminApp(provider);
        var kit = await PushKit.CreateAsync(app);
        var (_, url) = await kit.AddConfigAsync("ERP", kit.Whatsapp.Id);

        // Through the endpoint: 50 at once, all accepted and queued.
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            PushKit.PostAsync(url, PushKit.TextExample.Replace("MENSAGEM", $"M{i}"))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await kit.AllPushesDoneAsync(50, timeoutSeconds: 60);

        // Straight into the routing engine, 50 in parallel, for another new contact: they take turns per
        // contact in this process (and the unique index would make racing processes retry onto the winner's ticket).
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentTenant>().Use(kit.Tenant.Id);
            var router = scope.ServiceProvider.GetRequiredService<TicketRouter>();
            return await router.RouteAsync(new RouteRequest(kit.Whatsapp.Id, "5511988887777", new RoutingFlags(), new OutgoingContent($"R{i}")), null, CancellationToken.None);
        }));

        var tickets = await kit.DbAsync(db => db.Tickets.Include(t => t.Contact).ToListAsync());
        Assert.Equal(2, tickets.Count);
        Assert.Single(results.Select(r => r.TicketId).Distinct());
        Assert.Equal(1, results.Count(r => r.ContactCreated));
        Assert.Equal(1, results.Count(r => r.Decision.CreateTicket));
        Assert.Equal(100, await kit.DbAsync(db => db.Messages.CountAsync()));
        Assert.Equal(2, await kit.DbAsync(db => db.PlatformEvents.CountAsync(e => e.Event == "NewTicket")));
        Assert.Equal(2, await kit.DbAsync(db => db.PlatformEvents.CountAsync(e => e.Event == "NewContact")));
    }

    [Fact]
    public async Task Pushes_accepted_before_a_restart_are_processed_after_it_and_sent_once()
    {
        var first = new FlowAdminApp("Sqlite", new Dictionary<string, string?> { ["FlowAdmin:Push:WorkerEnabled"] = "false" }) { KeepData = true };
        PushKit kit;
        try
        {
            kit = await PushKit.CreateAsync(first);
            var (_, url) = await kit.AddConfigAsync("ERP", kit.Whatsapp.Id, PostSendAction.Close);
            for (var i = 0; i < 3; i++)
                Assert.Equal(HttpStatusCode.OK, (await PushKit.PostAsync(url, PushKit.TextExample.Replace("MENSAGEM", $"M{i}"))).StatusCode);
            await Task.Delay(1500);
            Assert.Equal(3, await kit.DbAsync(db => db.PushRequests.CountAsync(p => p.Status == PushStatus.Queued)));
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var second = new FlowAdminApp(first, new Dictionary<string, string?> { ["FlowAdmin:Push:WorkerEnabled"] = "true" });
        var restarted = new PushKit
        {
            App = second, Tenant = kit.Tenant, Whatsapp = kit.Whatsapp, Waba = kit.Waba, Sales = kit.Sales,
            Support = kit.Support, Resolved = kit.Resolved, Order = kit.Order, Agent = kit.Agent,
        };
        _ = second.BaseAddress; // starts the app and its worker
        var pushes = await restarted.AllPushesDoneAsync(3);
        Assert.All(pushes, p => Assert.Equal(PushStatus.Done, p.Status));
        var messages = await restarted.DbAsync(db => db.Messages.OrderBy(m => m.CreatedAt).ToListAsync());
        Assert.Equal(["M0", "M1", "M2"], messages.Select(m => m.Body));
        Assert.All(messages, m => Assert.NotNull(m.TransportMessageId));
        Assert.Equal(3, second.Services.GetRequiredService<FlowAdmin.Web.Features.Transports.SandboxTransport>().Deliveries);
        // Action Close: each push opened a ticket and closed it again, in order.
        Assert.Equal(3, await restarted.DbAsync(db => db.Tickets.CountAsync(t => t.Status == TicketStatus.Closed)));
    }

    [Fact]
    public async Task The_token_never_appears_in_the_apps_logs_even_with_ASP_NET_request_logging_turned_up()
    {
        var lines = new ConcurrentQueue<string>();
        await using var app = new FlowAdminApp("Sqlite", new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
        }, builder => builder.ConfigureLogging(l => l.AddProvider(new CapturingLoggerProvider(lines))));
        var kit = await PushKit.CreateAsync(app);
        var (_, url) = await kit.AddConfigAsync("ERP", kit.Whatsapp.Id);
        var token = url[(url.LastIndexOf('/') + 1)..];

        Assert.Equal(HttpStatusCode.OK, (await PushKit.PostAsync(url, PushKit.TextExample)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PushKit.PostAsync(url, "{}")).StatusCode);
        await kit.AllPushesDoneAsync(1);

        Assert.NotEmpty(lines);
        Assert.Contains(lines, l => l.Contains("api/push/{token}", StringComparison.Ordinal) || l.Contains("Push (tokenized URL)", StringComparison.Ordinal));
        var leaks = lines.Where(l => l.Contains(token, StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);
        public void Dispose() { }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
