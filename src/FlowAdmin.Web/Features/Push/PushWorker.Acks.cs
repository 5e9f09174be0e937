using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Events;
using FlowAdmin.Web.Hosting;
using FlowAdmin.Web.Routing;
using FlowAdmin.Web.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Web.Features.Push;

/// <summary>The Sandbox's later acks, advanced beside the queue.</summary>
public sealed partial class PushWorker
{
    /// <summary>
    /// The Sandbox's later acks: 1 → 2 → 3, one step per configured delay, each an AckMessage. In chunks of
    /// <see cref="AckChunk"/> per transaction, so the intake's commits never wait behind a long one.
    /// </summary>
    public async Task<bool> AdvanceSandboxAcksAsync(CancellationToken ct)
    {
        var worked = false;
        while (!ct.IsCancellationRequested)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var cutoff = DateTime.UtcNow.AddMilliseconds(-options.Value.Sandbox.AckDelayMs);
            var due = await db.Messages.IgnoreQueryFilters()
                .Where(m => m.FromMe && !m.IsNote && (m.Ack == Acks.Sent || m.Ack == Acks.Delivered) && m.UpdatedAt <= cutoff)
                .Where(m => db.Tickets.IgnoreQueryFilters().Any(t => t.Id == m.TicketId && t.Channel!.Transport == ChannelTransport.Sandbox))
                .OrderBy(m => m.UpdatedAt).Take(AckChunk).AsNoTracking().ToListAsync(ct);
            if (due.Count == 0) break;
            // One UPDATE for the chunk instead of one tracked entity and statement per message; the events
            // (payloads from the rows read) in the same transaction.
            var now = DateTime.UtcNow;
            var ids = due.Select(m => m.Id).ToList();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.Messages.IgnoreQueryFilters().Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(set => set
                .SetProperty(m => m.Ack, m => m.Ack + 1)
                .SetProperty(m => m.Status, m => m.Ack + 1 == Acks.Read ? "read" : "delivered")
                .SetProperty(m => m.UpdatedAt, now), ct);
            foreach (var message in due)
            {
                message.Ack++;
                message.Status = message.Ack == Acks.Read ? "read" : "delivered";
                message.UpdatedAt = now;
            }
            // The events through RowWriter, as the send pass writes them: no change tracking for a row each.
            await EventOutbox.WriteAsync(db, due.Select(m => (m.TenantId, EventNames.AckMessage, EventPayloads.AckMessage(m))).ToList(), ct);
            await tx.CommitAsync(ct);
            worked = true;
            if (due.Count < AckChunk) break;
        }
        return worked;
    }

    private const int AckChunk = 100;
}
