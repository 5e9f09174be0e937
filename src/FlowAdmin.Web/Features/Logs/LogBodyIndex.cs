using System.Diagnostics;
using FlowAdmin.Data;
using FlowAdmin.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace FlowAdmin.Web.Features.Logs;

/// <summary>
/// Keeps SQLite's body search index (FTS5 table LogEntriesBodySearch, migration LogBodySearch) a moment
/// behind the writers instead of inside their transactions: new entries are indexed in id order, a hundred
/// per short transaction, and LogBodySearchProgress.LastId records the last one indexed. Ids are
/// given out in commit order on SQLite (one writer), so nothing below the mark is ever missed; the search
/// reads the entries above it directly. PostgreSQL's pg_trgm indexes are kept by PostgreSQL itself.
/// </summary>
public sealed class LogBodyIndex(IServiceScopeFactory scopes, IOptions<LogsOptions> options, ILogger<LogBodyIndex> log)
{
    private const int Chunk = 100;
    // Short transactions with a breath between them: the push intake's commits wait at most one chunk.
    private static readonly TimeSpan Breath = TimeSpan.FromMilliseconds(5);

    /// <summary>Indexes what was written since the last run, for at most <paramref name="budget"/>; returns the entries indexed.</summary>
    public async Task<int> CatchUpAsync(TimeSpan budget, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (!db.Database.IsSqlite()) return 0;
        var started = Stopwatch.GetTimestamp();
        var total = 0;
        var gate = SqliteWriteGate.For(db.Database.GetConnectionString()!);
        while (!ct.IsCancellationRequested)
        {
            // During a push burst the intake's commits have the lock (and during a webhook burst the recorder's);
            // indexing waits, within a bound, for the burst to end.
            if (gate.BusyWithin(TimeSpan.FromMilliseconds(options.Value.BodyIndexYieldWindowMs)) && await LagAsync(db, ct) < options.Value.BodyIndexMaxLag) break;
            int indexed;
            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                // Entries of every tenant: the index is one table, like the log.
                indexed = await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "LogEntriesBodySearch" (rowid, "RequestBody", "ResponseBody")
                    SELECT "Id", "RequestBody", "ResponseBody" FROM "LogEntries"
                    WHERE "Id" > (SELECT "LastId" FROM "LogBodySearchProgress") ORDER BY "Id" LIMIT {Chunk};
                    """, ct);
                // The same chunk again (no one else can write inside this transaction): its last id is the new mark.
                if (indexed > 0)
                    await db.Database.ExecuteSqlAsync($"""
                        UPDATE "LogBodySearchProgress" SET "LastId" = (SELECT max("Id") FROM (SELECT "Id" FROM "LogEntries"
                            WHERE "Id" > (SELECT "LastId" FROM "LogBodySearchProgress") ORDER BY "Id" LIMIT {Chunk}));
                        """, ct);
                await tx.CommitAsync(ct);
            }
            total += indexed;
            if (indexed < Chunk || Stopwatch.GetElapsedTime(started) > budget) break;
            await Task.Delay(Breath, ct);
        }
        if (total > 0) log.LogDebug("Indexed {Count} log bodies", total);
        return total;
    }

    private static async Task<long> LagAsync(AppDbContext db, CancellationToken ct) =>
        await db.Database.SqlQuery<long>($"""
            SELECT coalesce((SELECT max("Id") FROM "LogEntries"), 0) - (SELECT "LastId" FROM "LogBodySearchProgress") AS "Value"
            """).SingleAsync(ct);
}

/// <summary>Runs <see cref="LogBodyIndex"/> every second (Hosting/Jobs.cs).</summary>
[DisallowConcurrentExecution]
public sealed class LogBodyIndexJob(LogBodyIndex index) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await index.CatchUpAsync(TimeSpan.FromMilliseconds(800), cancellationToken);
}
