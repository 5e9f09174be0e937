using System.Security.Cryptography;
using System.Text;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Events;
using FlowAdmin.Web.Features.Transports;
using FlowAdmin.Web.Hosting;
using FlowAdmin.Web.Routing;
using FlowAdmin.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlowAdmin.Web.Features.Push;

/// <summary>
/// Drains the push queue: oldest first, in order per (channel, number), contacts in parallel. Each push
/// is routed (one transaction: ticket, messages, events, queue row → Routed), then sent through the
/// channel's transport and marked Done/Failed with its first ack. The message id is derived from the
/// queue id, so after a crash the same message is found and never sent twice.
/// </summary>
public sealed partial class PushWorker(
    IServiceScopeFactory scopes,
    IEnumerable<IChannelTransport> transports,
    PushSignal signal,
    IOptions<PushOptions> options,
    ILogger<PushWorker> log)
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// Runs until the queue stays empty for <paramref name="idle"/> (Quartz starts it again). The Sandbox's
    /// later acks advance in a loop of their own beside the queue's, as a real channel's receipts would
    /// arrive: they never hold up the next pushes, and the two loops' reads and JSON work overlap.
    /// </summary>
    public async Task RunAsync(TimeSpan idle, CancellationToken ct)
    {
        var drain = DrainLoopAsync(idle, ct);
        var acks = AckLoopAsync(idle, drain, ct);
        await Task.WhenAll(drain, acks);
    }

    private async Task DrainLoopAsync(TimeSpan idle, CancellationToken ct)
    {
        var idleSince = DateTime.UtcNow;
        while (!ct.IsCancellationRequested)
        {
            if (await DrainOnceAsync(ct)) idleSince = DateTime.UtcNow;
            else if (DateTime.UtcNow - idleSince > idle) return;
            else await signal.WaitAsync(TimeSpan.FromMilliseconds(200), ct);
        }
    }

    // Ends once the queue's loop has ended and no ack has been due for idle (a sent message's acks come later).
    private async Task AckLoopAsync(TimeSpan idle, Task drain, CancellationToken ct)
    {
        var idleSince = DateTime.UtcNow;
        var pause = TimeSpan.FromMilliseconds(Math.Clamp(options.Value.Sandbox.AckDelayMs / 4, 10, 200));
        while (!ct.IsCancellationRequested)
        {
            if (await AdvanceSandboxAcksAsync(ct)) idleSince = DateTime.UtcNow;
            else if (drain.IsCompleted && DateTime.UtcNow - idleSince > idle) return;
            else await Task.Delay(pause, ct);
        }
    }

    /// <summary>One round: a batch of queued pushes, grouped by contact; true when something was done.</summary>
    public async Task<bool> DrainOnceAsync(CancellationToken ct)
    {
        List<QueuedPush> batch;
        Func<bool> quiet;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            quiet = IntakeQuiet(db);
            batch = await db.PushRequests.IgnoreQueryFilters().AsNoTracking()
                .Where(p => p.Status == PushStatus.Queued || p.Status == PushStatus.Routed)
                .OrderBy(p => p.Id).Take(quiet() ? options.Value.IdleBatchSize : options.Value.BatchSize)
                .Select(p => new QueuedPush(p.Id, p.TenantId, p.ChannelId, p.Number, p.Status))
                .ToListAsync(ct);
        }
        if (batch.Count == 0) return false;

        await RouteInBatchesAsync(batch.Where(p => p.Status == PushStatus.Queued).ToList(), quiet, ct);
        var finished = await SendInBatchesAsync(batch, quiet, ct);
        // What the batch passes could not finish (a failed chunk, a failed send) goes one by one, with retries.
        var groups = batch.Where(p => !finished.Contains(p.Id)).GroupBy(p => (p.ChannelId, p.Number)).Select(g => g.ToList()).ToList();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.Parallelism), CancellationToken = ct },
            async (pushes, token) =>
            {
                foreach (var push in pushes)
                    if (!await ProcessAsync(push, token)) break; // keep this contact's order: retry next round
            });
        return true;
    }

    /// <summary>
    /// Whether the push intake has been quiet for a moment (asked again before each chunk). On SQLite its
    /// group commits wait for the worker's transactions, so the worker keeps them short while it commits
    /// and makes them long (fewer reads and commits per push) while it is quiet, as a drain of a filled
    /// queue is. Other databases keep the short ones: their writers do not queue behind one lock.
    /// </summary>
    private static Func<bool> IntakeQuiet(AppDbContext db)
    {
        if (!db.Database.IsSqlite()) return static () => false;
        var gate = SqliteWriteGate.For(db.Database.GetConnectionString()!);
        return () => !gate.UrgentWithin(TimeSpan.FromMilliseconds(200));
    }

    /// <summary>Chunks of <paramref name="size"/> or, while <paramref name="quiet"/>, <paramref name="idleSize"/>, decided as each is taken.</summary>
    private static IEnumerable<T[]> Chunks<T>(IReadOnlyList<T> items, Func<bool> quiet, int size, int idleSize)
    {
        for (var next = 0; next < items.Count;)
        {
            var chunk = items.Skip(next).Take(Math.Max(1, quiet() ? idleSize : size)).ToArray();
            next += chunk.Length;
            yield return chunk;
        }
    }

    /// <summary>Deterministic per queued push, so a retry finds the message a crashed attempt created.</summary>
    public static Guid MessageIdFor(long pushId) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"flowadmin:push:{pushId}")).AsSpan(0, 16));

    private async Task<bool> ProcessAsync(QueuedPush queued, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Use(queued.TenantId);
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>();
        try
        {
            await RouteAsync(factory, scope.ServiceProvider.GetRequiredService<TicketRouter>(), queued.Id, ct);
            await SendAsync(factory, queued.Id, ct);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Push {PushId} failed; it will be retried", queued.Id);
            await using var db = await factory.CreateDbContextAsync(ct);
            var push = await db.PushRequests.SingleAsync(p => p.Id == queued.Id, ct);
            push.Attempts++;
            push.Error = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
            if (push.Attempts >= MaxAttempts)
            {
                push.Status = PushStatus.Failed;
                push.ProcessedAt = DateTime.UtcNow;
            }
            await db.SaveChangesAsync(ct);
            return push.Status == PushStatus.Failed;
        }
    }

    private static async Task RouteAsync(IDbContextFactory<AppDbContext> factory, TicketRouter router, long pushId, CancellationToken ct)
    {
        PushRequest push;
        ApiConfig? config;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            push = await db.PushRequests.AsNoTracking().SingleAsync(p => p.Id == pushId, ct);
            if (push.Status != PushStatus.Queued) return;
            config = await db.ApiConfigs.AsNoTracking().SingleOrDefaultAsync(c => c.Id == push.ApiConfigId, ct);
        }
        await router.RouteAsync(RequestFor(push, config), MarkRouted(pushId), ct);
    }

    private static RouteRequest RequestFor(PushRequest push, ApiConfig? config)
    {
        var body = PushBody.Parse(Encoding.UTF8.GetBytes(push.BodyJson));
        var message = int.TryParse(body.TemplateId, out var templateId)
            ? new OutgoingContent("", null, templateId, body.Params ?? [])
            : new OutgoingContent(body.Body ?? "", body.MediaUrl);
        var note = body.Note is { } n ? new OutgoingContent(n.Body ?? "", n.MediaUrl) : null;
        return new RouteRequest(
            push.ChannelId, push.Number, body.Flags, message, note,
            ApiConfigId: config?.Id,
            Action: config is null ? null : new RoutingAction(config.Action, config.ActionDepartmentId, config.ActionUserId),
            ExternalKey: push.ExternalKey, MessageId: MessageIdFor(push.Id));
    }

    private static Func<AppDbContext, RouteResult, CancellationToken, Task> MarkRouted(long pushId) => async (db, result, token) =>
    {
        var row = await db.PushRequests.SingleAsync(p => p.Id == pushId, token);
        row.Status = PushStatus.Routed;
        row.TicketId = result.TicketId;
    };

    private static string Limit(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private sealed record QueuedPush(long Id, int TenantId, int ChannelId, string Number, PushStatus Status);
}
