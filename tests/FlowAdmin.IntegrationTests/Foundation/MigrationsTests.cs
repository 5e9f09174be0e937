using FlowAdmin.Data;
using FlowAdmin.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace FlowAdmin.IntegrationTests.Foundation;

/// <summary>
/// SQL Server cannot run on this machine, so it is verified offline: its migrations match the model and
/// its idempotent deployment script parses. SQLite and PostgreSQL are also run live by the other tests.
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

    private static AppDbContext Context(string provider)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DataServices.Configure(options, provider, ConnectionStrings[provider]);
        return new AppDbContext(options.Options, new FixedTenantScope(null));
    }
}
