using System.Data.Common;
using System.Net;
using System.Text.Json.Nodes;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.Web.Features.Push;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowAdmin.IntegrationTests.Push;

/// <summary>The push intake's group commit (PushCommitter): many requests, one transaction, each its own answer.</summary>
public sealed class GroupCommitTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Requests_committed_together_each_get_their_own_id_and_log_and_a_failing_one_loses_none_of_the_others(string provider)
    {
        await using var app = new FlowAdminApp(provider, new Dictionary<string, string?> { ["FlowAdmin:Push:WorkerEnabled"] = "false" });
        var kit = await PushKit.CreateAsync(app);
        var (configId, url) = await kit.AddConfigAsync("ERP", kit.Whatsapp.Id);
        var committer = app.Services.GetRequiredService<PushCommitter>();

        // Hold the queue table's write lock, so the requests below pile up behind it and are committed
        // in one transaction when it is released.
        await using var scope = app.Services.CreateAsyncScope();
        await using var blocker = scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetDbConnection();
        await blocker.OpenAsync();
        await ExecuteAsync(blocker, provider == "Sqlite" ? "BEGIN IMMEDIATE" : "BEGIN; LOCK TABLE \"PushRequests\" IN EXCLUSIVE MODE");
        var first = PushKit.PostAsync(url, PushKit.TextExample.Replace("MENSAGEM", "first"));
        // The committer takes the first request alone and waits for the lock with it.
        for (var waited = 0; committer.LargestBatch < 1 && waited < 300; waited++) await Task.Delay(100);
        Assert.Equal(1, committer.LargestBatch);
        var posts = Enumerable.Range(0, 20).Select(i => PushKit.PostAsync(url, PushKit.TextExample.Replace("MENSAGEM", $"M{i}"))).ToList();
        // A row the database refuses (NOT NULL), in the same batch as the twenty.
        var bad = committer.CommitAsync(new PushRequest { TenantId = kit.Tenant.Id, ApiConfigId = configId, ChannelId = kit.Whatsapp.Id, Number = null!, BodyJson = "{}" },
            null, outcome => new LogEntry { TenantId = kit.Tenant.Id, ConfigName = "ERP", ResponseBody = outcome.Body }, CancellationToken.None);
        // Every one of them reaches the committer's queue (validated and waiting), however slow the machine.
        for (var waited = 0; committer.Waiting < 21 && waited < 300; waited++) await Task.Delay(100);
        Assert.Equal(21, committer.Waiting);
        Assert.False(first.IsCompleted, "A request was answered before its row could be committed.");
        await ExecuteAsync(blocker, "ROLLBACK");

        var responses = await Task.WhenAll(posts.Prepend(first));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => bad);
        Assert.True(committer.LargestBatch >= 21, $"Largest batch was {committer.LargestBatch}; the 20 requests and the bad row should have shared one.");

        var ids = new List<long>();
        foreach (var response in responses)
            ids.Add((long)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!);
        Assert.Equal(21, ids.Distinct().Count());
        var pushes = await kit.DbAsync(db => db.PushRequests.AsNoTracking().ToListAsync());
        var logs = await kit.DbAsync(db => db.LogEntries.AsNoTracking().ToListAsync());
        Assert.Equal(ids.Order(), pushes.Select(p => p.Id).Order());
        Assert.Equal(21, logs.Count);
        Assert.All(pushes, push =>
        {
            // Each queue row has its own log entry, which points at it and whose response names its id.
            var log = Assert.Single(logs, l => l.PushRequestId == push.Id);
            Assert.Equal(PushOutcome.Ok(push.Id).Body, log.ResponseBody);
            Assert.Contains(push.BodyJson, log.RequestBody);
            Assert.Equal(PushStatus.Queued, push.Status);
        });
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
