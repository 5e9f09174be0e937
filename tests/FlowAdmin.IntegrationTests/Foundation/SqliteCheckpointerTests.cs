using System.Net;
using FlowAdmin.Data;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.IntegrationTests.Push;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowAdmin.IntegrationTests.Foundation;

/// <summary>SQLite's WAL is checkpointed by the app's own loop (SqliteCheckpointer), not inside the writers' commits.</summary>
public sealed class SqliteCheckpointerTests
{
    [Fact]
    public async Task Commits_leave_the_checkpoint_to_the_background_loop_which_empties_the_WAL_once_writes_stop()
    {
        await using var app = new FlowAdminApp("Sqlite", new Dictionary<string, string?> { ["FlowAdmin:Push:WorkerEnabled"] = "false" });
        var kit = await PushKit.CreateAsync(app);
        var (_, url) = await kit.AddConfigAsync("ERP", kit.Whatsapp.Id);
        for (var i = 0; i < 20; i++)
            Assert.Equal(HttpStatusCode.OK, (await PushKit.PostAsync(url, PushKit.TextExample.Replace("MENSAGEM", $"M{i}"))).StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // The app's connections only checkpoint past a high mark (a bound should the loop fall behind).
        await db.Database.OpenConnectionAsync();
        await using (var pragma = db.Database.GetDbConnection().CreateCommand())
        {
            pragma.CommandText = "PRAGMA wal_autocheckpoint";
            Assert.Equal(10_000L, await pragma.ExecuteScalarAsync());
        }
        await db.Database.CloseConnectionAsync();
        var wal = new FileInfo(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource + "-wal");
        // Writes have stopped: within a few seconds everything is in the database file and the WAL is empty.
        for (var waited = 0; (!wal.Exists || wal.Length > 0) && waited < 150; waited++)
        {
            await Task.Delay(100);
            wal.Refresh();
        }
        Assert.True(wal.Exists, "The database is not in WAL mode.");
        Assert.Equal(0, wal.Length);
        Assert.Equal(20, await db.PushRequests.IgnoreQueryFilters().CountAsync());
    }
}
