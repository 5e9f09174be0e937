using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FlowAdmin.Web.Hosting;

/// <summary>
/// Hands SQLite's one write lock out in this process, in order and with the push intake first, instead
/// of letting writers race for it. Every transaction EF begins on SQLite takes the lock (BEGIN IMMEDIATE)
/// until it commits; a writer that finds it taken is left to SQLite's busy handler, which sleeps and
/// retries in steps up to 100 ms and is not fair: with the push worker committing back to back, the
/// intake's commits waited seconds (measured: 3.4 s, docs/benchmarks.md). Here a transaction first waits
/// its turn at the gate of its database file, so the lock is free when BEGIN runs.
/// The push intake (<see cref="Urgent"/>) goes before background writers, unless one has waited longer
/// than <see cref="MaxBackgroundWait"/>, so neither side starves. A wait longer than SQLite's own busy
/// timeout gives up the turn and lets SQLite decide, as without the gate: a mistake here can slow writers
/// down but never deadlock them.
/// </summary>
public sealed class SqliteWriteGate : DbTransactionInterceptor, IDbConnectionInterceptor
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(10); // SqlitePragmas' busy_timeout
    private static readonly TimeSpan MaxBackgroundWait = TimeSpan.FromMilliseconds(20);
    private static readonly AsyncLocal<bool> UrgentFlow = new();

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SqliteWriteGate> PerDatabase = new();

    private readonly Turns _turns = new();

    private SqliteWriteGate()
    {
    }

    /// <summary>The gate of one database (one per connection string: tests run several apps in one process).</summary>
    public static SqliteWriteGate For(string connectionString) => PerDatabase.GetOrAdd(connectionString, _ => new SqliteWriteGate());
    private readonly ConditionalWeakTable<DbConnection, Holder> _holders = new();

    /// <summary>Transactions begun in this async flow until disposed go before background writers.</summary>
    public static IDisposable Urgent()
    {
        var before = UrgentFlow.Value;
        UrgentFlow.Value = true;
        return new Restore(before);
    }

    /// <summary>
    /// A background writer's turn outside EF (a TRUNCATE checkpoint), until disposed: the intake goes
    /// first, as for a background transaction. Waits at most the busy timeout, then goes on without the turn.
    /// </summary>
    public async Task<IDisposable> BackgroundTurnAsync(CancellationToken ct)
    {
        var holder = new Holder { Held = await _turns.EnterAsync(urgent: false, GiveUpAfter, ct) };
        return new Turn(holder, _turns);
    }

    private sealed class Turn(Holder holder, Turns turns) : IDisposable
    {
        public void Dispose() => holder.Release(turns);
    }

    /// <summary>
    /// True when an urgent transaction (the push intake) began within <paramref name="window"/>: background
    /// work that can wait (the body index) leaves the lock to it during a burst.
    /// </summary>
    public bool UrgentWithin(TimeSpan window) =>
        Stopwatch.GetElapsedTime(Volatile.Read(ref _lastUrgent)) < window;

    private long _lastUrgent = long.MinValue / 2;

    /// <summary>
    /// A background writer marks a burst of its own (the webhook recorder, a batch of many attempts): work that
    /// can wait (the body index) leaves the lock and the CPU to it too, as to the intake (<see cref="BusyWithin"/>).
    /// Per database, as the urgent mark is.
    /// </summary>
    public void MarkBurst() => Volatile.Write(ref _lastBurst, Stopwatch.GetTimestamp());

    /// <summary>True when an urgent transaction began or a burst was marked within <paramref name="window"/>.</summary>
    public bool BusyWithin(TimeSpan window) =>
        UrgentWithin(window) || Stopwatch.GetElapsedTime(Volatile.Read(ref _lastBurst)) < window;

    private long _lastBurst = long.MinValue / 2;

    /// <summary>
    /// True while an urgent transaction (a push intake commit) waits for the turn: a background writer that
    /// checks it between the items of its transaction can commit early and hand the lock on (for the push worker).
    /// </summary>
    public bool UrgentWaiting => _turns.UrgentWaiting;

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        var holder = _holders.GetOrCreateValue(connection);
        holder.Release(_turns); // a turn left over by a transaction that ended unseen
        if (UrgentFlow.Value) Volatile.Write(ref _lastUrgent, Stopwatch.GetTimestamp());
        holder.Held = await _turns.EnterAsync(UrgentFlow.Value, GiveUpAfter, cancellationToken);
        return result;
    }

    public override InterceptionResult<DbTransaction> TransactionStarting(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        var holder = _holders.GetOrCreateValue(connection);
        holder.Release(_turns);
        if (UrgentFlow.Value) Volatile.Write(ref _lastUrgent, Stopwatch.GetTimestamp());
        holder.Held = _turns.EnterAsync(UrgentFlow.Value, GiveUpAfter, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => End(eventData);
    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) => Ended(eventData);
    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => End(eventData);
    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) => Ended(eventData);
    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => End(eventData);
    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) => Ended(eventData);

    // A transaction disposed without commit or rollback (an exception between them) is rolled back by
    // SQLite without telling EF's interceptors; its connection closing or being disposed with the context
    // is the last moment to hand the turn on.
    void IDbConnectionInterceptor.ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => ReleaseFor(connection);

    Task IDbConnectionInterceptor.ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        ReleaseFor(connection);
        return Task.CompletedTask;
    }

    InterceptionResult IDbConnectionInterceptor.ConnectionDisposing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        ReleaseFor(connection);
        return result;
    }

    ValueTask<InterceptionResult> IDbConnectionInterceptor.ConnectionDisposingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        ReleaseFor(connection);
        return ValueTask.FromResult(result);
    }

    private void End(TransactionEventData eventData)
    {
        if (eventData.Context?.Database.GetDbConnection() is { } connection) ReleaseFor(connection);
    }

    private Task Ended(TransactionEventData eventData)
    {
        End(eventData);
        return Task.CompletedTask;
    }

    private void ReleaseFor(DbConnection connection)
    {
        if (_holders.TryGetValue(connection, out var holder)) holder.Release(_turns);
    }

    private sealed class Holder
    {
        private int _held;

        public bool Held { set => Volatile.Write(ref _held, value ? 1 : 0); }

        public void Release(Turns turns)
        {
            if (Interlocked.Exchange(ref _held, 0) == 1) turns.Exit();
        }
    }

    private sealed class Restore(bool before) : IDisposable
    {
        public void Dispose() => UrgentFlow.Value = before;
    }

    /// <summary>A lock with two queues: urgent waiters first, background ones in order, none past <see cref="MaxBackgroundWait"/>.</summary>
    private sealed class Turns
    {
        private readonly Lock _lock = new();
        private readonly LinkedList<Waiter> _urgent = new(), _background = new();
        private bool _taken;

        public bool UrgentWaiting
        {
            get
            {
                lock (_lock) return _urgent.First is not null;
            }
        }

        /// <summary>True once the turn is this caller's; false if it gave up waiting after <paramref name="giveUpAfter"/>.</summary>
        public async Task<bool> EnterAsync(bool urgent, TimeSpan giveUpAfter, CancellationToken ct)
        {
            LinkedListNode<Waiter> node;
            LinkedList<Waiter> queue;
            lock (_lock)
            {
                if (!_taken)
                {
                    _taken = true;
                    return true;
                }
                queue = urgent ? _urgent : _background;
                node = queue.AddLast(new Waiter(new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously), Stopwatch.GetTimestamp()));
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(giveUpAfter);
            await using (timeout.Token.Register(() =>
            {
                lock (_lock)
                    if (node.List is not null)
                    {
                        queue.Remove(node);
                        node.Value.Turn.TrySetResult(false);
                    }
            }))
            {
                var mine = await node.Value.Turn.Task;
                if (ct.IsCancellationRequested)
                {
                    // Cancelled, not timed out: EF's BEGIN is not run, so a turn given meanwhile goes on at once.
                    if (mine) Exit();
                    ct.ThrowIfCancellationRequested();
                }
                return mine;
            }
        }

        public void Exit()
        {
            lock (_lock)
            {
                var next = _background.First is { } waiting && (_urgent.First is null || Stopwatch.GetElapsedTime(waiting.Value.Since) > MaxBackgroundWait)
                    ? waiting
                    : _urgent.First;
                if (next is null)
                {
                    _taken = false;
                    return;
                }
                next.List!.Remove(next);
                next.Value.Turn.TrySetResult(true);
            }
        }

        private sealed record Waiter(TaskCompletionSource<bool> Turn, long Since);
    }
}
