using System.Diagnostics;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Events;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Web.Routing;

/// <summary>The push worker's path: many requests per transaction, through the same decision and writes as one.</summary>
public sealed partial class TicketRouter
{
    /// <summary>
    /// Routes several requests, in order, in a few transactions instead of one each. Each transaction
    /// reads the channels, contacts and open tickets of its requests in three queries, routes them
    /// against those rows (kept current as it goes), and writes the rows with <see cref="RowWriter"/>:
    /// each changed ticket once, by an UPDATE checked on its Version (a ticket another writer changed since
    /// it was read fails the transaction with a <see cref="DbUpdateConcurrencyException"/>, as
    /// SaveChanges did), and the messages, history lines and events with one prepared statement per table.
    /// <paramref name="routed"/> of each request is called once it is routed, and
    /// <paramref name="beforeCommit"/> writes what the caller keeps beside them (the queue rows) in the
    /// same transaction. A transaction commits once it has run <paramref name="transactionBudget"/> and the
    /// next one begins, so on SQLite every other writer, the push intake first, waits at most that long.
    /// If a request fails, what was committed before it is kept and the exception propagates, so the
    /// caller can route the rest one by one with <see cref="RouteAsync"/> and its retries.
    /// </summary>
    public async Task RouteBatchAsync(
        IReadOnlyList<(RouteRequest Request, Action<RouteResult>? Routed)> items,
        Func<AppDbContext, CancellationToken, Task>? beforeCommit,
        TimeSpan transactionBudget, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var tenantId = db.CurrentTenantId ?? throw new InvalidOperationException("Routing needs a tenant scope.");
        for (var next = 0; next < items.Count;)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var began = Stopwatch.GetTimestamp();
            var batch = await RoutingBatch.ReadAsync(db, items.Skip(next).Select(i => i.Request).ToList(), ct);
            do
            {
                var result = await RouteInBatchAsync(db, tenantId, batch, items[next].Request, ct);
                items[next].Routed?.Invoke(result);
                next++;
            }
            while (next < items.Count && Stopwatch.GetElapsedTime(began) <= transactionBudget);
            await batch.WriteAsync(db, ct);
            if (beforeCommit is not null) await beforeCommit(db, ct);
            await tx.CommitAsync(ct);
        }
    }

    /// <summary>
    /// The decision and its effects for one request of a batch, as <see cref="RouteOnceAsync"/> applies them,
    /// against the batch's rows. A new contact or ticket is inserted at once, for the ids the messages and
    /// payloads carry; everything else waits in the batch for its one write per table.
    /// </summary>
    private static async Task<RouteResult> RouteInBatchAsync(AppDbContext db, int tenantId, RoutingBatch batch, RouteRequest request, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        var channel = batch.Channel(request.ChannelId) ?? throw new InvalidOperationException($"Channel {request.ChannelId} not found.");
        var contact = batch.Contact(request.Number);
        var contactCreated = contact is null;
        if (contact is null)
        {
            contact = NewContact(tenantId, request.Number, null, now);
            await RowWriter.InsertAsync(db, [contact], ct);
        }
        var ticket = contactCreated ? null : await batch.TicketAsync(db, contact.Id, channel.Id, ct);
        var decision = TicketRouting.Decide(ticket is null ? null : PlacementOf(ticket), request.Action, request.Flags);

        var ticketCreated = ticket is null;
        ticket ??= NewTicket(tenantId, contact, channel.Id, request.ApiConfigId, now);
        Place(ticket, decision, now);
        var (message, note) = await ContentAsync(db, tenantId, ticket, contact, request, decision, now, ct);
        if (ticketCreated)
        {
            // The contact's ticket this batch closed is still open in the database: its UPDATE goes first,
            // or the new one would collide with it on IX_Tickets_OneOpenPerContactAndChannel.
            await batch.WriteTicketsAsync(db, contact.Id, channel.Id, ct);
            await RowWriter.InsertAsync(db, [ticket], ct);
        }
        batch.Changed(ticket, written: ticketCreated);

        Message?[] messages = [message, note];
        foreach (var created in messages.OfType<Message>())
        {
            created.TicketId = ticket.Id;
            batch.Messages.Add(created);
        }
        var result = new RouteResult(ticket.Id, contact.Id, message?.Id, note?.Id, contactCreated, decision);
        if (contactCreated)
            batch.Events.Add((tenantId, EventNames.NewContact, EventPayloads.NewContact(contact, decision.MessageUserId)));
        batch.History.AddRange(History(tenantId, ticket, decision, request.ApiConfigId, null, now));
        var user = decision.Events.Count > 0 && ticket.UserId is { } userId ? await batch.UserAsync(db, userId, ct) : null;
        foreach (var (eventName, payload) in Events(ticket, contact, channel, decision, user, messages))
            batch.Events.Add((tenantId, eventName, payload));
        batch.Routed(contact, channel.Id, ticket);
        return result;
    }
}
