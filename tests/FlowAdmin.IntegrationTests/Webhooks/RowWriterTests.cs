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
}
