using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlowAdmin.Web.Features.Push;

/// <summary>
/// Group commit for the push intake: concurrent requests hand their queue row and log entry to one
/// writer, which commits everything waiting in one transaction and then answers each request with its
/// own outcome. A request still gets its 200 only after its row is committed; at low load a batch is a
/// single request (nothing waits for a timer). If a batch fails, each of its requests is retried alone,
/// so one bad row (e.g. an Idempotency-Key race) fails only its own request.
/// </summary>
public sealed class PushCommitter(IServiceScopeFactory scopes, IOptions<PushOptions> options, ILogger<PushCommitter> log) : BackgroundService
{
    private readonly System.Threading.Channels.Channel<Pending> _queue = System.Threading.Channels.Channel.CreateUnbounded<Pending>(new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true });

    /// <summary>
    /// Commits <paramref name="push"/> (null: only a log entry, for a rejected request) and the log entry
    /// <paramref name="newLog"/> makes from the final outcome; the outcome of an accepted push carries its id.
    /// </summary>
    public Task<PushOutcome> CommitAsync(PushRequest? push, PushOutcome? rejection, Func<PushOutcome, LogEntry> newLog, CancellationToken ct)
    {
        var pending = new Pending(push, rejection, newLog, new TaskCompletionSource<PushOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        Interlocked.Increment(ref _waiting);
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Decrement(ref _waiting);
            throw new InvalidOperationException("The push intake is shutting down.");
        }
        // A client that hangs up stops waiting; its row is committed all the same (as without batching).
        return pending.Done.Task.WaitAsync(ct);
    }

    /// <summary>The most requests one transaction has committed so far (for tests and the benchmark).</summary>
    public int LargestBatch { get; private set; }

    /// <summary>Requests waiting for the next batch (tests wait on it instead of guessing a delay).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    private int _waiting; // a single-reader channel cannot count its items

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>();
        // Not stoppingToken: on shutdown the writer is completed and what was handed over is still committed.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < Math.Max(1, options.Value.GroupCommitMax) && _queue.Reader.TryRead(out var pending))
            {
                Interlocked.Decrement(ref _waiting);
                batch.Add(pending);
            }
            LargestBatch = Math.Max(LargestBatch, batch.Count);
            await CommitBatchAsync(batch);
            batch.Clear();
        }
        await ForgetContextAsync();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task CommitBatchAsync(List<Pending> batch)
    {
        try
        {
            var outcomes = await WriteAsync(batch);
            for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(outcomes[i]);
        }
        catch (Exception batchError) when (batch.Count > 1)
        {
            log.LogDebug(batchError, "A group commit of {Count} pushes failed; committing them one by one", batch.Count);
            foreach (var pending in batch)
            {
                try
                {
                    pending.Done.TrySetResult((await WriteAsync([pending]))[0]);
                }
                catch (Exception e)
                {
                    pending.Done.TrySetException(e);
                }
            }
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(e);
        }
    }

    private async Task<PushOutcome[]> WriteAsync(IReadOnlyList<Pending> batch)
    {
        // The rows carry their tenant (the intake set it from the token's config); the context has no
        // tenant pinned because one batch holds pushes of several tenants. RowWriter, not SaveChanges:
        // EF's per-row tracking and statement building was most of the intake's time (docs/benchmarks.md).
        try
        {
            return await WriteAsync(await ContextAsync(), batch);
        }
        catch
        {
            await ForgetContextAsync(); // a broken connection is not used again
            throw;
        }
    }

    // One context and open connection for all batches (only this loop uses them): a scope, a context and a
    // connection opened with its pragmas for every batch were a good part of a small batch's time.
    private AsyncServiceScope? _scope;
    private AppDbContext? _db;

    private async Task<AppDbContext> ContextAsync()
    {
        if (_db is not null) return _db;
        _scope = scopes.CreateAsyncScope();
        _db = await _scope.Value.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        await _db.Database.OpenConnectionAsync();
        return _db;
    }

    private async Task ForgetContextAsync()
    {
        if (_db is { } db) await db.DisposeAsync();
        if (_scope is { } scope) await scope.DisposeAsync();
        (_db, _scope) = (null, null);
    }

    // Each row is written once: the queue rows first (their ids come back), then the log rows, which carry
    // their push's id and the answer naming it. Nothing goes back to update a queue row (a statement per push
    // on SQLite's one writer): the answer is rebuilt from the id (PushIntake.RepeatAsync), and the log entry
    // is found by its PushRequestId.
    private static async Task<PushOutcome[]> WriteAsync(AppDbContext db, IReadOnlyList<Pending> batch)
    {
        using var first = SqliteWriteGate.Urgent(); // requests wait on this commit; the worker's can wait
        await using var tx = await db.Database.BeginTransactionAsync();
        var pushes = new List<PushRequest>(batch.Count);
        foreach (var pending in batch)
        {
            if (pending.Push is not { } push) continue;
            push.Id = 0; // a retried push must not keep the id of the rolled-back attempt
            pushes.Add(push);
        }
        await RowWriter.InsertAsync(db, pushes, CancellationToken.None);
        var outcomes = batch.Select(p => p.Push is { } push ? PushOutcome.Ok(push.Id) : p.Rejection!).ToArray();
        var logs = new LogEntry[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            logs[i] = batch[i].NewLog(outcomes[i]);
            logs[i].PushRequestId = batch[i].Push?.Id;
        }
        await RowWriter.InsertAsync(db, logs, CancellationToken.None);
        await tx.CommitAsync();
        return outcomes;
    }

    private sealed record Pending(PushRequest? Push, PushOutcome? Rejection, Func<PushOutcome, LogEntry> NewLog, TaskCompletionSource<PushOutcome> Done);
}
