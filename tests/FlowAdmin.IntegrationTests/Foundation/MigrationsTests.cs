using FlowAdmin.Data;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.Web.Features.Push;
using FlowAdmin.Web.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace FlowAdmin.IntegrationTests.Foundation;

/// <summary>
/// SQL Server cannot run on this machine, so it is verified offline: its migrations match the model and
/// its idempotent deployment script parses. SQLite and PostgreSQL are also run live by the other tests,
/// and here for a migration that moves data.
/// </summary>
public sealed class MigrationsTests
{
    private static readonly Dictionary<string, string> ConnectionStrings = new()
    {
        ["Sqlite"] = "Data Source=:memory:",
        ["SqlServer"] = "Server=localhost;Database=FlowAdmin;Trusted_Connection=True;TrustServerCertificate=True",
        ["PostgreSql"] = "Host=localhost;Database=flowadmin;Username=flowadmin",
    };

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("SqlServer")]
    [InlineData("PostgreSql")]
    public void Each_providers_migrations_match_the_model(string provider)
    {
        using var db = Context(provider);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"{provider}: the model has changes no migration covers; run tools/migrations.sh add <Name>.");
    }

    [Fact]
    public void The_idempotent_SQL_Server_script_parses_without_errors()
    {
        using var db = Context("SqlServer");
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Tickets_OneOpenPerContactAndChannel]", script);

        var parser = new TSql170Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        parser.Parse(reader, out var errors);
        Assert.Empty(errors.Select(e => $"line {e.Line}: {e.Message}"));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task PushLogLink_moves_each_push_to_log_link_onto_the_log_entry_and_back(string provider)
    {
        var folder = provider == "Sqlite" ? Directory.CreateTempSubdirectory("flowadmin-migration-").FullName : null;
        try
        {
            await using var db = Context(provider, folder is null ? PostgresServer.NewDatabase() : $"Data Source={Path.Combine(folder, "app.db")}");
            var migrator = db.GetService<IMigrator>();
            var all = db.Database.GetMigrations().ToList();
            var link = all.Single(m => m.EndsWith("_PushLogLink", StringComparison.Ordinal));
            var before = all[all.IndexOf(link) - 1];
            await migrator.MigrateAsync(before);

            // Push 3 was answered and logged as entry 7 (the old link); entry 8 is a webhook's.
            var now = DateTime.UtcNow;
            await db.Database.ExecuteSqlAsync($$"""
                INSERT INTO "LogEntries" ("Id", "TenantId", "Type", "ConfigName", "Event", "Success", "RequestHeaders", "RequestBody", "ResponseHeaders", "ResponseBody", "DurationMs", "CreatedAt")
                VALUES (7, 1, 'Push', 'ERP', 'Push', {{true}}, '{}', '{}', '{}', {{PushOutcome.Ok(3).Body}}, 1, {{now}}),
                       (8, 1, 'Webhook', 'Hook', 'NewTicket', {{true}}, '{}', '{}', '{}', '', 1, {{now}})
                """);
            await db.Database.ExecuteSqlAsync($$"""
                INSERT INTO "PushRequests" ("Id", "TenantId", "ApiConfigId", "ChannelId", "Number", "BodyJson", "ResponseJson", "Status", "Attempts", "LogEntryId", "CreatedAt")
                VALUES (3, 1, 1, 1, '5511999999999', '{}', {{PushOutcome.Ok(3).Body}}, 'Done', 1, 7, {{now}})
                """);

            await migrator.MigrateAsync(link);
            var links = await db.LogEntries.IgnoreQueryFilters().AsNoTracking().OrderBy(l => l.Id).Select(l => new { l.Id, l.PushRequestId }).ToListAsync();
            Assert.Equal([new { Id = 7L, PushRequestId = (long?)3 }, new { Id = 8L, PushRequestId = (long?)null }], links);
            Assert.Equal(3, (await db.PushRequests.IgnoreQueryFilters().AsNoTracking().SingleAsync()).Id);
            if (provider == "Sqlite") // the columns dropped in place: the queue table keeps its other four indexes
                Assert.Equal(4, await db.Database.SqlQuery<int>($"""SELECT count(*) AS "Value" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'PushRequests'""").SingleAsync());

            // Down restores the old link and the stored answer (and, on SQLite, keeps what the model does not describe).
            await migrator.MigrateAsync(before);
            var restored = await db.Database.SqlQuery<string>($"""SELECT "ResponseJson" AS "Value" FROM "PushRequests" WHERE "LogEntryId" = 7""").ToListAsync();
            Assert.Equal([PushOutcome.Ok(3).Body], restored);
            if (provider == "Sqlite")
                Assert.Equal(2, await db.Database.SqlQuery<int>($"""SELECT count(*) AS "Value" FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'LogEntries'""").SingleAsync());
            await migrator.MigrateAsync(link);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (folder is not null) Directory.Delete(folder, recursive: true);
        }
    }

    private static AppDbContext Context(string provider, string? connectionString = null)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DataServices.Configure(options, provider, connectionString ?? ConnectionStrings[provider]);
        return new AppDbContext(options.Options, new FixedTenantScope(null));
    }
}
