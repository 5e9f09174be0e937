using System.Runtime.CompilerServices;
using System.Threading.Channels;
using FlowAdmin.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FlowAdmin.Web.Features.Webhooks;

/// <summary>Wakes the dispatcher the moment deliveries are committed (or a send frees a slot), so the hot path never waits for a poll.</summary>
public sealed class WebhookSignal
{
    private readonly System.Threading.Channels.Channel<bool> _signal = System.Threading.Channels.Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private int _newRows;

    /// <summary>Deliveries were committed or made due (new rows to read).</summary>
    public void Notify()
    {
        Volatile.Write(ref _newRows, 1);
        _signal.Writer.TryWrite(true);
    }

    /// <summary>A send freed a slot or an attempt was recorded: nothing new in the table, what is in hand may go on.</summary>
    public void NotifyFreed() => _signal.Writer.TryWrite(true);

    /// <summary>True once per <see cref="Notify"/> (or several at once) since the last call.</summary>
    public bool TakeNewRows() => Interlocked.Exchange(ref _newRows, 0) == 1;

    /// <summary>Waits for a notification or the timeout, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        if (_signal.Reader.TryRead(out _)) return;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await _signal.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
    }
}

/// <summary>
/// Signals the dispatcher after any SaveChanges that wrote webhook deliveries: at once when there is no explicit
/// transaction, else when that transaction commits (the dispatcher must not look before the rows are visible).
/// Every writer of events (routing, push worker, channels) is covered without having to remember it.
/// </summary>
public sealed class WebhookCommitInterceptor(WebhookSignal signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, object> _waitingForCommit = [];
    private static readonly object Marker = new();

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Flush(eventData.Context, committed: false);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Flush(eventData.Context, committed: false);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) =>
        Flush(eventData.Context, committed: true);

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Flush(eventData.Context, committed: true);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is null) return;
        // Added entities are tracked as such without change detection; skip it (SaveChanges runs it anyway).
        var detect = context.ChangeTracker.AutoDetectChangesEnabled;
        context.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            if (context.ChangeTracker.Entries<WebhookDelivery>().Any(e => e.State == EntityState.Added))
                _waitingForCommit.AddOrUpdate(context, Marker);
        }
        finally
        {
            context.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    private void Flush(DbContext? context, bool committed)
    {
        if (context is null || !_waitingForCommit.TryGetValue(context, out _)) return;
        if (!committed && context.Database.CurrentTransaction is not null) return; // wait for the commit
        _waitingForCommit.Remove(context);
        signal.Notify();
    }
}
