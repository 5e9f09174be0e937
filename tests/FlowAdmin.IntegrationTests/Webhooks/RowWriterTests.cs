using System.Data;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.IntegrationTests.Push;
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

    /// <summary>
    /// On SQLite RowWriter binds values itself (by position, on the connection's handle): what it stores must be
    /// what SaveChanges stores, in the same SQLite types and text formats (dates are compared as text by queries).
    /// Each column of a log entry and a queued push (text, enum as text, integers, booleans, nulls, dates with and
    /// without fractions, a blob and an empty blob) is compared as SQLite's quote() of the stored value.
    /// </summary>
    [Fact]
    public async Task On_sqlite_the_stored_values_are_those_save_changes_stores()
    {
        await using var app = new FlowAdminApp();
        var kit = await PushKit.CreateAsync(app);
        var (configId, _) = await kit.AddConfigAsync("Stored", kit.Whatsapp.Id);
        var at = new DateTime(2026, 12, 6, 21, 5, 7, 123, DateTimeKind.Utc).AddTicks(4567);
        LogEntry Log(string name) => new()
        {
            TenantId = kit.Tenant.Id, Type = LogType.Push, ConfigName = name, ApiConfigId = configId, Event = "Push", Success = true,
            HttpStatus = 200, Error = null, RequestHeaders = "{\"a\":\"ã\"}", RequestBody = "çé 😀", ResponseHeaders = "{}", ResponseBody = "",
            ExternalKey = "k", Number = "5511999990000", DurationMs = -3, Attempt = 2, DeliveryId = long.MaxValue, CreatedAt = at,
        };
        PushRequest Push(string number, byte[]? hash) => new()
        {
            TenantId = kit.Tenant.Id, ApiConfigId = configId, ChannelId = kit.Whatsapp.Id, Number = number, BodyJson = "{}",
            BodyHash = hash, Status = PushStatus.Routed, Attempts = 1, CreatedAt = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), ProcessedAt = at,
        };
        var saved = (Log: Log("same"), Pushes: new[] { Push("5511000000001", [1, 0, 255]), Push("5511000000002", []), Push("5511000000003", null) });
        var written = (Log: Log("same"), Pushes: new[] { Push("5511000000001", [1, 0, 255]), Push("5511000000002", []), Push("5511000000003", null) });

        await kit.DbAsync(async db =>
        {
            db.LogEntries.Add(saved.Log);
            db.PushRequests.AddRange(saved.Pushes);
            await db.SaveChangesAsync();
            await using var tx = await db.Database.BeginTransactionAsync();
            await RowWriter.InsertAsync(db, [written.Log], CancellationToken.None);
            await RowWriter.InsertAsync(db, written.Pushes, CancellationToken.None); // 2 rows in one statement, then 1
            await tx.CommitAsync();
            return 0;
        });

        Assert.NotEqual(saved.Log.Id, written.Log.Id);
        Assert.Equal(await StoredAsync(kit, "LogEntries", saved.Log.Id), await StoredAsync(kit, "LogEntries", written.Log.Id));
        for (var i = 0; i < 3; i++)
            Assert.Equal(await StoredAsync(kit, "PushRequests", saved.Pushes[i].Id), await StoredAsync(kit, "PushRequests", written.Pushes[i].Id));
    }

    // Every column but the key, as SQLite's quote() of the stored value (its type and text form).
    private static Task<Dictionary<string, string>> StoredAsync(PushKit kit, string table, long id) => kit.DbAsync(async db =>
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var columns = connection.CreateCommand();
        columns.CommandText = $"SELECT name FROM pragma_table_info('{table}') WHERE name <> 'Id'";
        var names = new List<string>();
        await using (var reader = await columns.ExecuteReaderAsync())
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        await using var row = connection.CreateCommand();
        row.CommandText = $"SELECT {string.Join(", ", names.Select(n => $"quote(\"{n}\")"))} FROM \"{table}\" WHERE \"Id\" = {id}";
        await using var values = await row.ExecuteReaderAsync();
        Assert.True(await values.ReadAsync());
        return names.Select((n, i) => KeyValuePair.Create(n, values.GetString(i))).ToDictionary();
    });
}
