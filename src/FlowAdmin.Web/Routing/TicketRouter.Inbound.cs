using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Common;
using FlowAdmin.Web.Features.Events;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Web.Routing;

/// <summary>The inbound path: a customer's message, decided by <see cref="TicketRouting.DecideInbound"/>.</summary>
public sealed partial class TicketRouter
{
    /// <summary>
    /// A customer's message arriving on a channel (the Sandbox's simulated inbound; a transport's inbound webhook
    /// would call this too): the contact is found or created (NewContact), a pending ticket in the channel's default
    /// department is created when none is pending or open (NewTicket), and the message is added to the ticket
    /// (NewMessage, fromMe false) — in one transaction with the events, taking turns with sends to the same contact.
    /// </summary>
    public Task<RouteResult> ReceiveAsync(InboundMessage inbound, CancellationToken ct) =>
        InContactTurnAsync(inbound.ChannelId, inbound.Number, db => ReceiveOnceAsync(db, inbound, ct), ct);

    private static async Task<RouteResult> ReceiveOnceAsync(AppDbContext db, InboundMessage inbound, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var tenantId = db.CurrentTenantId ?? throw new InvalidOperationException("Routing needs a tenant scope.");
        var now = DateTime.UtcNow;
        var channel = await db.Channels.SingleOrDefaultAsync(c => c.Id == inbound.ChannelId, ct)
            ?? throw Refuse.NotFound(nameof(Channel), inbound.ChannelId);
        var (contact, contactCreated) = await ContactAsync(db, tenantId, inbound.Number, inbound.Name, now, ct);
        var ticket = contactCreated ? null : await NotClosedTicketAsync(db, contact, channel, ct);
        var decision = TicketRouting.DecideInbound(ticket is null ? null : PlacementOf(ticket), channel.DefaultDepartmentId);
        ticket ??= db.Tickets.Add(new Ticket { TenantId = tenantId, Contact = contact, ChannelId = channel.Id, CreatedAt = now }).Entity;
        Place(ticket, decision, now);
        await db.SaveChangesAsync(ct); // the ids the message and the payloads carry

        var message = db.Messages.Add(new Message
        {
            TenantId = tenantId, TicketId = ticket.Id, ContactId = contact.Id, Body = inbound.Body, FromMe = false,
            // It reached FlowAdmin: nothing to send, so nothing for the push worker or the Sandbox's acks to advance.
            Ack = Acks.Delivered, Status = "received", SendType = "chat", CreatedAt = now, UpdatedAt = now,
        }).Entity;
        ticket.LastMessage = Truncate(inbound.Body, 1000);
        ticket.LastMessageAt = now;
        ticket.UnreadMessages++;
        ticket.Answered = false; // the customer now waits for an answer

        var result = new RouteResult(ticket.Id, contact.Id, message.Id, null, contactCreated, decision);
        if (contactCreated)
            await EventOutbox.AddAsync(db, tenantId, EventNames.NewContact, EventPayloads.NewContact(contact, null), ct);
        await RecordAsync(db, tenantId, ticket, contact, channel, decision, null, null, [message], now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return result;
    }
}
