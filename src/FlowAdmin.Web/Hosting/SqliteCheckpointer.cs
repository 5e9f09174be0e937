using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace FlowAdmin.Web.Hosting;

/// <summary>
/// Copies SQLite's WAL back into the database file on its own connection, instead of inside whichever
/// commit crosses the auto-checkpoint mark. With synchronous=NORMAL the checkpoint is where the fsyncs
/// happen (WAL, then database): inside a commit it took 5–15 ms about ten times a second at 1,000
/// pushes/s, with SQLite's write lock held, and every request of that group commit and of the ones
/// behind it waited (docs/benchmarks.md, Push API, 2026-12-04 evening). A PASSIVE checkpoint takes no
/// write lock, so commits go on while it copies and syncs. The app's connections keep an auto-checkpoint
/// mark far above what this loop leaves (SqlitePragmas), as a bound should it fall behind.
/// When writes stop, a TRUNCATE checkpoint (in a background turn of the write gate) empties the WAL file.
/// </summary>
public sealed class SqliteCheckpointer(string connectionString, ILogger<SqliteCheckpointer> log) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the request threads' pool: a checkpoint blocks its thread in fsync for milliseconds.
        await Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    private async Task Run(CancellationToken ct)
    {
        var gate = SqliteWriteGate.For(connectionString);
        // Not pooled: the file is closed when the app stops (tests delete their databases).
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        var lastWrite = Stopwatch.GetTimestamp();
        long lastFrames = 0;
        var truncated = true;
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    if (connection.State != System.Data.ConnectionState.Open)
                    {
                        if (!File.Exists(connection.DataSource)) continue; // not created yet (first start)
                        await connection.OpenAsync(ct);
                        using var setup = connection.CreateCommand();
                        setup.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=1000;";
                        await setup.ExecuteNonQueryAsync(ct);
                    }
                    var (_, frames, _) = Checkpoint(connection, "PASSIVE");
                    if (frames != lastFrames) (lastWrite, lastFrames) = (Stopwatch.GetTimestamp(), frames);
                    if (frames > 0) truncated = false;
                    if (!truncated && Stopwatch.GetElapsedTime(lastWrite) > IdleAfter && !gate.UrgentWithin(IdleAfter))
                    {
                        using var turn = await gate.BackgroundTurnAsync(ct);
                        truncated = !Checkpoint(connection, "TRUNCATE").Busy;
                    }
                }
                catch (SqliteException e)
                {
                    log.LogWarning(e, "SQLite checkpoint failed; the next one will try again");
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private static (bool Busy, long Frames, long Copied) Checkpoint(SqliteConnection connection, string mode)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode});";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0) != 0, reader.GetInt64(1), reader.GetInt64(2));
    }
}
