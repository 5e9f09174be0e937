using System.Data;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.IntegrationTests.Webhooks;

/// <summary>RowWriter's multi-row insert (the webhook recorder's log rows, the group commit's): every row gets its own key back.</summary>
public sealed class RowWriterTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Rows_inserted_many_per_statement_each_get_the_key_of_their_own_row(string provider)
    {
        await using var app = new FlowAdminApp(provider);
        var tenant = await app.CreateTenantAsync("Rows");
        // 37 = 32 + 4 + 1 (or 8-row chunks and a remainder): chunks of several sizes and a single row in one call.
        var rows = Enumerable.Range(0, 37).Select(i => new LogEntry
        {
            TenantId = tenant.Id, Type = LogType.Webhook, ConfigName = "row " + i, Event = "NewMessage", Success = i % 3 != 0,
            HttpStatus = i % 3 == 0 ? null : 204, RequestHeaders = "{}", RequestBody = "body " + i, ResponseHeaders = "{}", ResponseBody = "",
            DurationMs = i, CreatedAt = DateTime.UtcNow.AddSeconds(i),
        }).ToList();

        await app.WithTenantAsync(tenant.Id, async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await RowWriter.InsertAsync(db, rows, CancellationToken.None);
            await tx.CommitAsync();
            return 0;
        });

        Assert.Equal(37, rows.Select(r => r.Id).Distinct().Count());
        var stored = await app.WithTenantAsync(tenant.Id, db => db.LogEntries.AsNoTracking().Where(l => l.ConfigName.StartsWith("row ")).ToDictionaryAsync(l => l.Id));
        Assert.Equal(37, stored.Count);
        foreach (var row in rows)
        {
            var back = stored[row.Id];
            Assert.Equal((row.ConfigName, row.RequestBody, row.DurationMs, row.HttpStatus, row.Success), (back.ConfigName, back.RequestBody, back.DurationMs, back.HttpStatus, back.Success));
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Kept_commands_run_in_each_new_transaction_and_after_the_connection_is_reopened(string provider)
    {
        await using var app = new FlowAdminApp(provider);
        var tenant = await app.CreateTenantAsync("Kept");
        List<LogEntry> Rows(string batch, int count) => Enumerable.Range(0, count).Select(i => new LogEntry
        {
            TenantId = tenant.Id, Type = LogType.Webhook, ConfigName = batch + " " + i, Event = "NewMessage", Success = true,
            RequestHeaders = "{}", RequestBody = "", ResponseHeaders = "{}", ResponseBody = "", CreatedAt = DateTime.UtcNow,
        }).ToList();

        // One context across batches, as the group commit keeps it: a committed batch, a rolled-back one, a closed
        // and reopened connection, then a batch without a transaction.
        await app.WithTenantAsync(tenant.Id, async db =>
        {
            foreach (var (batch, commit) in new[] { ("kept-a", true), ("kept-b", false), ("kept-c", true) })
            {
                await using var tx = await db.Database.BeginTransactionAsync();
                var rows = Rows(batch, 9);
                await RowWriter.InsertAsync(db, rows, CancellationToken.None);
                foreach (var row in rows) row.ResponseBody = "done";
                await RowWriter.UpdateAsync(db, rows, [nameof(LogEntry.ResponseBody)], CancellationToken.None);
                if (commit) await tx.CommitAsync(); else await tx.RollbackAsync();
            }
            // EF counts each RowWriter call's open, so its CloseConnection would not close: close the connection itself.
            await db.Database.GetDbConnection().CloseAsync();
            Assert.Equal(ConnectionState.Closed, db.Database.GetDbConnection().State);
            await RowWriter.InsertAsync(db, Rows("kept-d", 9), CancellationToken.None);
            return 0;
        });

        var stored = await app.WithTenantAsync(tenant.Id, db => db.LogEntries.AsNoTracking().Where(l => l.ConfigName.StartsWith("kept-"))
            .Select(l => new { l.ConfigName, l.ResponseBody }).ToListAsync());
        Assert.Equal(27, stored.Count);
        Assert.DoesNotContain(stored, l => l.ConfigName.StartsWith("kept-b"));
        Assert.Equal(18, stored.Count(l => l.ResponseBody == "done"));
    }
}
