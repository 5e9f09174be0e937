using System.Security.Cryptography;
using System.Text;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Events;
using FlowAdmin.Web.Features.Transports;
using FlowAdmin.Web.Routing;
using FlowAdmin.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlowAdmin.Web.Features.Push;

/// <summary>The send pass: routed pushes through their channel's transport, batched per tenant or one by one.</summary>
public sealed partial class PushWorker
{
    private async Task SendAsync(IDbContextFactory<AppDbContext> factory, long pushId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var push = await db.PushRequests.SingleAsync(p => p.Id == pushId, ct);
        if (push.Status != PushStatus.Routed) return;
        var message = await db.Messages.SingleOrDefaultAsync(m => m.Id == MessageIdFor(pushId), ct);
        if (message is { Ack: Acks.Pending })
        {
            var channel = await db.Channels.AsNoTracking().SingleAsync(c => c.Id == push.ChannelId, ct);
            await RecordSendAsync(db, push, message, await TransportFor(channel).SendAsync(channel, message, push.Number, ct), ct);
        }
        Finish(push, message);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Sends a round's routed pushes per tenant in a few transactions instead of one each: the messages are
    /// read together, each contact's sends run in order (contacts in parallel), and the results are saved
    /// at once. Returns the pushes it finished; a chunk or contact that fails is left for the one-by-one path.
    /// </summary>
    private async Task<HashSet<long>> SendInBatchesAsync(IReadOnlyList<QueuedPush> batch, Func<bool> quiet, CancellationToken ct)
    {
        var finished = new HashSet<long>();
        Dictionary<long, PushStatus> statuses;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var ids = batch.Select(p => p.Id).ToList();
            statuses = await scope.ServiceProvider.GetRequiredService<AppDbContext>().PushRequests.IgnoreQueryFilters()
                .Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Status, ct);
        }
        // Only a contact's leading routed pushes: one left queued (its routing chunk failed) holds back the
        // contact's later ones, which the one-by-one path then sends after it.
        var ready = batch.GroupBy(p => (p.ChannelId, p.Number))
            .SelectMany(g => g.OrderBy(p => p.Id).TakeWhile(p => statuses.GetValueOrDefault(p.Id) == PushStatus.Routed))
            .OrderBy(p => p.Id).ToList();
        foreach (var tenant in ready.GroupBy(p => p.TenantId))
        foreach (var chunk in Chunks(tenant.ToList(), quiet, options.Value.SendBatchSize, options.Value.IdleSendBatchSize))
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentTenant>().Use(tenant.Key);
            try
            {
                await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
                var ids = chunk.Select(p => p.Id).ToList();
                // Read untracked: the results are written below with one prepared UPDATE per table, not SaveChanges.
                var pushes = await db.PushRequests.AsNoTracking().Where(p => ids.Contains(p.Id) && p.Status == PushStatus.Routed).OrderBy(p => p.Id).ToListAsync(ct);
                var messageIds = pushes.Select(p => MessageIdFor(p.Id)).ToList();
                var messages = await db.Messages.AsNoTracking().Where(m => messageIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
                var channelIds = pushes.Select(p => p.ChannelId).Distinct().ToList();
                var channels = await db.Channels.AsNoTracking().Where(c => channelIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);

                // The transports run concurrently across contacts; the results are only recorded after they return.
                var sent = new System.Collections.Concurrent.ConcurrentDictionary<long, TransportResult>();
                var contacts = pushes.GroupBy(p => (p.ChannelId, p.Number)).Select(g => g.ToList()).ToList();
                await Parallel.ForEachAsync(contacts, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.Parallelism), CancellationToken = ct },
                    async (contact, token) =>
                    {
                        foreach (var push in contact)
                        {
                            if (messages.GetValueOrDefault(MessageIdFor(push.Id)) is not { Ack: Acks.Pending } message) continue;
                            var channel = channels[push.ChannelId];
                            try { sent[push.Id] = await TransportFor(channel).SendAsync(channel, message, push.Number, token); }
                            catch (Exception e) when (e is not OperationCanceledException)
                            {
                                log.LogDebug(e, "Sending push {PushId} in a batch failed; it is retried one by one", push.Id);
                                return; // this contact's later pushes wait, so its order holds
                            }
                        }
                    });

                var done = new List<long>();
                var finishedPushes = new List<PushRequest>();
                var sentMessages = new List<Message>();
                var events = new List<(int, string, System.Text.Json.Nodes.JsonObject)>();
                var failedLogs = new List<(long PushId, string Error)>();
                foreach (var contact in contacts)
                foreach (var push in contact)
                {
                    var message = messages.GetValueOrDefault(MessageIdFor(push.Id));
                    if (message is { Ack: Acks.Pending })
                    {
                        if (!sent.TryGetValue(push.Id, out var result)) break;
                        events.Add(RecordSend(push, message, result));
                        sentMessages.Add(message);
                        if (!result.Accepted) failedLogs.Add((push.Id, SendFailure(result)));
                    }
                    Finish(push, message);
                    finishedPushes.Add(push);
                    done.Add(push.Id);
                }
                // One transaction: the messages' acks, their AckMessage events and the pushes' Done, or none of them.
                await using (var tx = await db.Database.BeginTransactionAsync(ct))
                {
                    await RowWriter.UpdateAsync(db, sentMessages, SentColumns, ct);
                    await RowWriter.UpdateAsync(db, finishedPushes, FinishedColumns, ct);
                    foreach (var (pushId, error) in failedLogs)
                        await db.LogEntries.IgnoreQueryFilters().Where(l => l.PushRequestId == pushId).ExecuteUpdateAsync(set => set.SetProperty(l => l.Error, error), ct);
                    await EventOutbox.WriteAsync(db, events, ct);
                    await tx.CommitAsync(ct);
                }
                finished.UnionWith(done);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogDebug(e, "Sending a batch of {Count} pushes failed; they are sent one by one", chunk.Length);
            }
        }
        return finished;
    }

    private IChannelTransport TransportFor(Channel channel) =>
        transports.FirstOrDefault(t => t.Kind == channel.Transport)
        ?? throw new InvalidOperationException($"No transport for {channel.Transport} channels in this build.");

    // The columns a send changes, written by the batch pass with RowWriter (RecordSend and Finish set them).
    private static readonly string[] SentColumns =
    [
        nameof(Message.TransportMessageId), nameof(Message.Ack), nameof(Message.Status), nameof(Message.ErrorReason),
        nameof(Message.MediaType), nameof(Message.MediaName), nameof(Message.UpdatedAt),
    ];

    private static readonly string[] FinishedColumns = [nameof(PushRequest.Status), nameof(PushRequest.ProcessedAt), nameof(PushRequest.Error)];

    // The message is still at ack 0: never sent, or sent by a crashed attempt. The transport tells the two
    // apart (a recorded TransportMessageId is returned, not sent again): see IChannelTransport.
    private static async Task RecordSendAsync(AppDbContext db, PushRequest push, Message message, TransportResult result, CancellationToken ct)
    {
        var (tenantId, eventName, payload) = RecordSend(push, message, result);
        if (!result.Accepted && await db.LogEntries.FirstOrDefaultAsync(l => l.PushRequestId == push.Id, ct) is { } entry)
            entry.Error = SendFailure(result); // the request was accepted; its message was not sent
        await EventOutbox.AddAsync(db, tenantId, eventName, payload, ct);
    }

    /// <summary>Applies a transport's answer to the message and the push; returns its AckMessage event.</summary>
    private static (int TenantId, string Event, System.Text.Json.Nodes.JsonObject Payload) RecordSend(PushRequest push, Message message, TransportResult result)
    {
        message.TransportMessageId = result.TransportMessageId;
        message.Ack = result.Accepted ? Acks.Sent : Acks.Error;
        message.Status = result.Accepted ? "sent" : "error";
        message.ErrorReason = result.Error;
        if (result.Media is { } media)
        {
            message.MediaType = media.Kind; // the server's content type beats the link's extension
            message.MediaName = media.FileName;
        }
        message.UpdatedAt = DateTime.UtcNow;
        push.Error = result.Error;
        return (message.TenantId, EventNames.AckMessage, EventPayloads.AckMessage(message));
    }

    private static string SendFailure(TransportResult result) => Limit("Send failed (ack -1): " + result.Error, 1000);

    // No message (onlyNote) is done at once; a failed send is a failed push, visible with its reason.
    private static void Finish(PushRequest push, Message? message)
    {
        push.Status = message?.Ack == Acks.Error ? PushStatus.Failed : PushStatus.Done;
        push.ProcessedAt = DateTime.UtcNow;
    }
}
