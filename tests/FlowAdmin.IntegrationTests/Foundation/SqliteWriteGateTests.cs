using System.Net;
using FlowAdmin.Data;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.IntegrationTests.Push;
using FlowAdmin.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowAdmin.IntegrationTests.Foundation;

/// <summary>The write gate's turns taken outside EF (the checkpointer's TRUNCATE) and what a background writer can see of the intake.</summary>
public sealed class SqliteWriteGateTests
{
    [Fact]
    public async Task A_push_waits_for_a_background_turn_and_is_seen_waiting_then_is_committed_once_the_turn_ends()
    {
        await using var app = new FlowAdminApp("Sqlite", new Dictionary<string, string?> { ["FlowAdmin:Push:WorkerEnabled"] = "false" });
        var kit = await PushKit.CreateAsync(app);
        var (_, url) = await kit.AddConfigAsync("ERP", kit.Whatsapp.Id);
        await using var scope = app.Services.CreateAsyncScope();
        var gate = SqliteWriteGate.For(scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetConnectionString()!);

        Task<HttpResponseMessage> post;
        using (await gate.BackgroundTurnAsync(CancellationToken.None))
        {
            post = PushKit.PostAsync(url, PushKit.TextExample);
            for (var waited = 0; !gate.UrgentWaiting && waited < 300; waited++) await Task.Delay(100);
            Assert.True(gate.UrgentWaiting, "The push's commit never reached the gate.");
            await Task.Delay(200);
            Assert.False(post.IsCompleted, "A push was answered while its commit could not have run.");
        }

        Assert.Equal(HttpStatusCode.OK, (await post).StatusCode);
        Assert.False(gate.UrgentWaiting);
    }
}
