using FlowAdmin.Data;
using FlowAdmin.Web.Features.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlowAdmin.Web.Hosting;

public static class DatabaseSetup
{
    /// <summary>
    /// Applies migrations (unless turned off), creates the roles, and seeds the demo when asked (the admin verbs
    /// pass <paramref name="seedDemo"/> false: their output is JSON only).
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app, bool seedDemo = true, CancellationToken ct = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AppDbContext>();
        if (services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
            await MigrateAsync(db, ct);
        await services.GetRequiredService<SetupService>().EnsureRolesAsync();
        if (seedDemo && services.GetRequiredService<IOptions<FlowAdminOptions>>().Value.Demo)
            await services.GetRequiredService<DemoSeeder>().SeedAsync(ct);
    }

    /// <summary>The migrate verb: applies pending migrations and prints what it did (a failure is reported by <see cref="AdminCommands"/>).</summary>
    public static async Task<int> MigrateAndExitAsync(this WebApplication app, CancellationToken ct = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        await MigrateAsync(db, ct);
        Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { applied = pending.Count, provider = db.Database.ProviderName }));
        return AdminCommands.Done;
    }

    public static async Task MigrateAsync(AppDbContext db, CancellationToken ct)
    {
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            // WAL lets the Logs screen read while the push worker writes; it is a property of the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            // No PRAGMA optimize here: on a new database it records empty tables' statistics, and with them
            // SQLite chose plans that cut the push intake from ~4,300 to ~800/s. LogRetention runs it after a
            // purge, when the log is large enough for statistics to describe it.
        }
    }
}
