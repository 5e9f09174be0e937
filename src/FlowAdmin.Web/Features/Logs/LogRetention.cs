using FlowAdmin.Data;
using FlowAdmin.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace FlowAdmin.Web.Features.Logs;

/// <summary>
/// Deletes log entries older than the retention period, tenant by tenant (each scope pinned to its
/// tenant) and in small batches: each batch is its own short statement, with a pause between
/// batches, so pushes and webhook attempts keep writing their entries while a large backlog goes.
/// </summary>
public sealed class LogRetention(IServiceScopeFactory scopes, IOptions<LogsOptions> options, ILogger<LogRetention> logger)
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);

    /// <summary>Deletes every entry created before <paramref name="cutoff"/>; returns how many.</summary>
    public async Task<int> PurgeAsync(DateTime cutoff, CancellationToken ct)
    {
        var batch = Math.Clamp(options.Value.RetentionBatchSize, 1, 10_000);
        List<int> tenants;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            tenants = await db.Tenants.AsNoTracking().Select(t => t.Id).ToListAsync(ct);
        }
        var total = 0;
        foreach (var tenantId in tenants)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentTenant>().Use(tenantId);
            var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>();
            while (true)
            {
                int deleted;
                await using (var db = await factory.CreateDbContextAsync(ct))
                    deleted = await db.LogEntries.Where(e => e.CreatedAt < cutoff).OrderBy(e => e.CreatedAt).Take(batch).ExecuteDeleteAsync(ct);
                total += deleted;
                if (deleted < batch) break;
                await Task.Delay(Pause, ct);
            }
        }
        if (total > 0)
        {
            logger.LogInformation("Log retention deleted {Count} entries older than {Cutoff:u}", total, cutoff);
            await RefreshStatisticsAsync(ct);
        }
        return total;
    }

    /// <summary>
    /// SQLite picks the Logs screen's indexes from the statistics ANALYZE keeps (sqlite_stat1); a large
    /// purge changes the table enough to make them stale. PRAGMA optimize re-analyzes only the tables
    /// whose row counts changed a lot, each on a bounded sample (analysis_limit), so it takes
    /// milliseconds; 0x10002 checks every table, not only those this pooled connection touched.
    /// </summary>
    private async Task RefreshStatisticsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA optimize=0x10002;", ct);
    }

    public Task<int> PurgeExpiredAsync(CancellationToken ct) =>
        PurgeAsync(DateTime.UtcNow.AddDays(-Math.Max(1, options.Value.RetentionDays)), ct);
}

/// <summary>Runs <see cref="LogRetention"/> on its schedule (Hosting/Jobs.cs).</summary>
[DisallowConcurrentExecution]
public sealed class LogRetentionJob(LogRetention retention) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await retention.PurgeExpiredAsync(cancellationToken);
}
