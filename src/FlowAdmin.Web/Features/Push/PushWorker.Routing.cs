using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Events;
using FlowAdmin.Web.Hosting;
using FlowAdmin.Web.Routing;
using FlowAdmin.Web.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Web.Features.Push;

/// <summary>The routing pass: a round's queued pushes routed in a few transactions per tenant.</summary>
public sealed partial class PushWorker
{
    private static readonly string[] RoutedColumns = [nameof(PushRequest.Status), nameof(PushRequest.TicketId)];

    /// <summary>
    /// Routes a round's queued pushes per tenant in a few short transactions (in id order, so each
    /// contact's order holds) instead of one per push; then the per-contact pass below only sends. A
    /// chunk that fails is left queued and goes through the one-by-one path, with its retries.
    /// </summary>
    private async Task RouteInBatchesAsync(IReadOnlyList<QueuedPush> queued, Func<bool> quiet, CancellationToken ct)
    {
        foreach (var tenant in queued.GroupBy(p => p.TenantId))
        foreach (var chunk in Chunks(tenant.ToList(), quiet, options.Value.RouteBatchSize, options.Value.IdleRouteBatchSize))
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentTenant>().Use(tenant.Key);
            var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>();
            try
            {
                List<PushRequest> pushes;
                Dictionary<int, ApiConfig> configs;
                TimeSpan budget;
                await using (var db = await factory.CreateDbContextAsync(ct))
                {
                    budget = TimeSpan.FromMilliseconds(quiet() ? options.Value.IdleTransactionBudgetMs : options.Value.TransactionBudgetMs);
                    var ids = chunk.Select(p => p.Id).ToList();
                    pushes = await db.PushRequests.AsNoTracking().Where(p => ids.Contains(p.Id) && p.Status == PushStatus.Queued).OrderBy(p => p.Id).ToListAsync(ct);
                    var configIds = pushes.Select(p => p.ApiConfigId).Distinct().ToList();
                    configs = await db.ApiConfigs.AsNoTracking().Where(c => configIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
                }
                // The rows as read (status Queued) are marked Routed as they are routed and written with their
                // transaction's other rows, by one prepared UPDATE: no query or tracked entity per push.
                var routed = new List<PushRequest>();
                var items = new List<(RouteRequest, Action<RouteResult>?)>(pushes.Count);
                foreach (var push in pushes)
                    items.Add((RequestFor(push, configs.GetValueOrDefault(push.ApiConfigId)), result =>
                    {
                        push.Status = PushStatus.Routed;
                        push.TicketId = result.TicketId;
                        routed.Add(push);
                    }));
                await scope.ServiceProvider.GetRequiredService<TicketRouter>().RouteBatchAsync(items, async (db, token) =>
                {
                    await RowWriter.UpdateAsync(db, routed, RoutedColumns, token);
                    routed.Clear();
                }, budget, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogDebug(e, "Routing a batch of {Count} pushes failed; they are routed one by one", chunk.Length);
            }
        }
    }
}
