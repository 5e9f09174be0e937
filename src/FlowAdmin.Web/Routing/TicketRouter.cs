using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Common;
using FlowAdmin.Web.Features.Events;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Web.Routing;

/// <summary>
/// Applies <see cref="TicketRouting.Decide"/>: loads the contact and its open ticket, decides, and writes
/// contact, ticket, messages, history and outgoing events in one transaction. The unique index
/// IX_Tickets_OneOpenPerContactAndChannel (and the contact's unique number) make concurrent first sends
/// collide instead of duplicating: the loser retries from a fresh read and finds the winner's rows.
/// Works for the scope's tenant (the caller pins it).
/// </summary>
public sealed partial class TicketRouter(IDbContextFactory<AppDbContext> factory, ILogger<TicketRouter> log)
{
    private const int MaxAttempts = 30;

    /// <summary>
    /// Sends to one (channel, contact) in this process take turns: racing them only to have all but one
    /// collide and retry makes the last of N concurrent sends wait N rounds. Striped, so memory stays
    /// bounded; the unique index and the retries still cover other processes.
    /// </summary>
    private static readonly SemaphoreSlim[] ContactStripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <param name="alongside">More changes to commit in the same transaction (e.g. the push queue row's state).</param>
    public async Task<RouteResult> RouteAsync(
        RouteRequest request, Func<AppDbContext, RouteResult, CancellationToken, Task>? alongside, CancellationToken ct)
    {
        return await InContactTurnAsync(request.ChannelId, request.Number, db => RouteOnceAsync(db, request, alongside, ct), ct);
    }

    private async Task<RouteResult> InContactTurnAsync(int channelId, string number, Func<AppDbContext, Task<RouteResult>> once, CancellationToken ct)
    {
        var stripe = ContactStripes[(uint)HashCode.Combine(channelId, number) % (uint)ContactStripes.Length];
        await stripe.WaitAsync(ct);
        try
        {
            return await WithRetriesAsync(once, ct);
        }
        finally
        {
            stripe.Release();
        }
    }

    /// <summary>
    /// A manual action (close, transfer, note) on one ticket of the scope's tenant, through the same decision and
    /// the same writes as a push. Another tenant's ticket id is not found (<see cref="KeyNotFoundException"/>);
    /// an action the ticket's current state refuses throws <see cref="TicketActionRefusedException"/>.
    /// </summary>
    public Task<RouteResult> ActAsync(TicketActionRequest request, CancellationToken ct) =>
        WithRetriesAsync(db => ActOnceAsync(db, request, ct), ct);

    private async Task<RouteResult> WithRetriesAsync(Func<AppDbContext, Task<RouteResult>> once, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            try
            {
                return await once(db);
            }
            catch (DbUpdateException e) when (attempt < MaxAttempts && (e is DbUpdateConcurrencyException || UniqueViolation.IsUniqueViolation(e)))
            {
                // Another send created the contact or the open ticket first, or changed the ticket since it
                // was read (its Version token): reload and route again on the current state.
                log.LogDebug("Routing collided on a unique index (attempt {Attempt}); retrying", attempt);
                await Task.Delay(Random.Shared.Next(1, 10 * Math.Min(attempt, 10)), ct);
            }
        }
    }

    private static async Task<RouteResult> RouteOnceAsync(
        AppDbContext db, RouteRequest request, Func<AppDbContext, RouteResult, CancellationToken, Task>? alongside, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var tenantId = db.CurrentTenantId ?? throw new InvalidOperationException("Routing needs a tenant scope.");
        var now = DateTime.UtcNow;
        var channel = await db.Channels.SingleAsync(c => c.Id == request.ChannelId, ct);

        var (contact, contactCreated) = await ContactAsync(db, tenantId, request.Number, null, now, ct);
        var ticket = contactCreated ? null : await NotClosedTicketAsync(db, contact, channel, ct);
        var before = ticket is null ? null : PlacementOf(ticket);
        var decision = TicketRouting.Decide(before, request.Action, request.Flags);

        var ticketCreated = ticket is null;
        if (ticket is null)
        {
            ticket = NewTicket(tenantId, contact, channel.Id, request.ApiConfigId, now);
            ticket.Contact = contact;
            db.Tickets.Add(ticket);
        }
        Place(ticket, decision, now);

        // A new contact or ticket is written first, for the database ids that messages and event payloads
        // carry; the transaction keeps both writes atomic.
        if (contactCreated || ticketCreated) await db.SaveChangesAsync(ct);

        var (message, note) = await ContentAsync(db, tenantId, ticket, contact, request, decision, now, ct);
        if (message is not null) db.Messages.Add(message);
        if (note is not null) db.Messages.Add(note);

        var result = new RouteResult(ticket.Id, contact.Id, message?.Id, note?.Id, contactCreated, decision);
        if (contactCreated)
            await EventOutbox.AddAsync(db, tenantId, EventNames.NewContact, EventPayloads.NewContact(contact, decision.MessageUserId), ct);
        await RecordAsync(db, tenantId, ticket, contact, channel, decision, request.ApiConfigId, null, [message, note], now, ct);
        if (alongside is not null) await alongside(db, result, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// The request's message and note (not yet added to the context), with the ticket's last message set
    /// from the message. Their TicketId is the ticket's id as it is now: a ticket not yet written has none.
    /// </summary>
    private static async Task<(Message? Message, Message? Note)> ContentAsync(
        AppDbContext db, int tenantId, Ticket ticket, Contact contact, RouteRequest request, RoutingDecision decision, DateTime now, CancellationToken ct)
    {
        Message? message = null, note = null;
        if (decision.SendMessage && request.Message is { } content)
        {
            var id = request.MessageId ?? Guid.NewGuid();
            message = await NewMessageAsync(db, tenantId, ticket, contact, content, decision.MessageUserId, id, request.ExternalKey, request.SendType, now, ct);
            ticket.LastMessage = Truncate(message.Body.Length > 0 ? message.Body : message.MediaUrl ?? "", 1000);
            ticket.LastMessageAt = now;
            ticket.Answered = true;
        }
        if (decision.AddNote && request.Note is { } noteContent)
            note = await NewNoteAsync(db, tenantId, ticket, contact, noteContent, decision.MessageUserId, request.ExternalKey, request.SendType, now, ct);
        return (message, note);
    }

    private static Ticket NewTicket(int tenantId, Contact contact, int channelId, int? apiConfigId, DateTime now) => new()
    {
        TenantId = tenantId, ContactId = contact.Id, ChannelId = channelId, Status = TicketStatus.Pending,
        IsCreatedAtApi = apiConfigId is not null, ApiConfigId = apiConfigId, CreatedAt = now,
    };

    private static Contact NewContact(int tenantId, string number, string? name, DateTime now)
    {
        var named = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        return new Contact { TenantId = tenantId, Number = number, Name = named ?? number, PushName = named, CreatedAt = now, UpdatedAt = now };
    }

    /// <summary>The tenant's contact with that number, with what its payloads carry; added (not yet saved) when missing.</summary>
    private static async Task<(Contact Contact, bool Created)> ContactAsync(
        AppDbContext db, int tenantId, string number, string? name, DateTime now, CancellationToken ct)
    {
        var contact = await db.Contacts
            .Include(c => c.LeadStatus).Include(c => c.Wallets).ThenInclude(w => w.Wallet)
            .SingleOrDefaultAsync(c => c.Number == number, ct);
        if (contact is not null) return (contact, false);
        return (db.Contacts.Add(NewContact(tenantId, number, name, now)).Entity, true);
    }

    private static Task<Ticket?> NotClosedTicketAsync(AppDbContext db, Contact contact, Channel channel, CancellationToken ct) =>
        db.Tickets.SingleOrDefaultAsync(t => t.ContactId == contact.Id && t.ChannelId == channel.Id && t.Status != TicketStatus.Closed, ct);

    private static TicketPlacement PlacementOf(Ticket ticket) => new(ticket.Status, ticket.DepartmentId, ticket.UserId, ticket.ClosingReasonId);

    private static async Task<RouteResult> ActOnceAsync(AppDbContext db, TicketActionRequest request, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var tenantId = db.CurrentTenantId ?? throw new InvalidOperationException("Routing needs a tenant scope.");
        var now = DateTime.UtcNow;
        // The tenant filter makes another tenant's ticket id indistinguishable from a missing one.
        var ticket = await db.Tickets.SingleOrDefaultAsync(t => t.Id == request.TicketId, ct)
            ?? throw Refuse.NotFound(nameof(Ticket), request.TicketId);
        var contact = await db.Contacts
            .Include(c => c.LeadStatus).Include(c => c.Wallets).ThenInclude(w => w.Wallet)
            .SingleAsync(c => c.Id == ticket.ContactId, ct);
        var channel = await db.Channels.SingleAsync(c => c.Id == ticket.ChannelId, ct);

        var before = PlacementOf(ticket);
        var refusal = TicketRouting.Refusal(before, request.Action);
        if (refusal != TicketActionRefusal.None) throw new TicketActionRefusedException(refusal);
        var decision = TicketRouting.DecideAction(before, request.Action);
        Place(ticket, decision, now);

        Message? note = null;
        if (decision.AddNote && request.Note is { } content)
            db.Messages.Add(note = await NewNoteAsync(db, tenantId, ticket, contact, content, decision.MessageUserId, null, "chat", now, ct));
        await RecordAsync(db, tenantId, ticket, contact, channel, decision, null, request.Action.ActorApiKeyId, [note], now, ct);
        if (note is not null && request.Action.ActorApiKeyId is { } apiKeyId)
            // A note written by an API key has no user to sign it in the thread: the history says which key wrote it.
            db.TicketEvents.Add(new TicketEvent { TenantId = tenantId, TicketId = ticket.Id, Kind = "Note", Detail = ApiKeyRef(apiKeyId), CreatedAt = now });

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new RouteResult(ticket.Id, contact.Id, null, note?.Id, false, decision);
    }

    /// <summary>The ticket's history lines and the outgoing events of a decision, in the caller's unit of work.</summary>
    private static async Task RecordAsync(
        AppDbContext db, int tenantId, Ticket ticket, Contact contact, Channel channel, RoutingDecision decision,
        int? apiConfigId, int? apiKeyId, Message?[] messages, DateTime now, CancellationToken ct)
    {
        db.TicketEvents.AddRange(History(tenantId, ticket, decision, apiConfigId, apiKeyId, now));
        var user = decision.Events.Count > 0 && ticket.UserId is { } userId ? await db.TenantUsers.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct) : null;
        foreach (var (eventName, payload) in Events(ticket, contact, channel, decision, user, messages))
            await EventOutbox.AddAsync(db, tenantId, eventName, payload, ct);
    }

    /// <summary>The decision's ticket events, then a NewMessage per message written, with their payloads.</summary>
    private static IEnumerable<(string Event, System.Text.Json.Nodes.JsonObject Payload)> Events(
        Ticket ticket, Contact contact, Channel channel, RoutingDecision decision, AppUser? user, Message?[] messages)
    {
        foreach (var eventName in decision.Events)
            yield return (eventName, EventPayloads.Ticket(eventName, ticket, contact, channel.Kind, user));
        foreach (var created in messages.OfType<Message>())
            yield return (EventNames.NewMessage, EventPayloads.NewMessage(created));
    }

    private static async Task<Message> NewNoteAsync(
        AppDbContext db, int tenantId, Ticket ticket, Contact contact, OutgoingContent content, int? userId,
        string? externalKey, string sendType, DateTime now, CancellationToken ct)
    {
        var note = await NewMessageAsync(db, tenantId, ticket, contact, content, userId, Guid.NewGuid(), externalKey, sendType, now, ct);
        note.IsNote = true;
        note.Status = "note";
        return note;
    }

    private static void Place(Ticket ticket, RoutingDecision decision, DateTime now)
    {
        var final = decision.Final;
        ticket.Status = final.Status;
        ticket.DepartmentId = final.DepartmentId;
        ticket.UserId = final.UserId;
        ticket.ClosingReasonId = final.ClosingReasonId;
        if (decision.Events.Contains(EventNames.StartedTicket)) ticket.StartedAttendanceAt = now;
        ticket.ClosedAt = final.Status == TicketStatus.Closed ? ticket.ClosedAt ?? now : null;
        ticket.UpdatedAt = now;
        ticket.Version = Guid.NewGuid();
    }

    private static async Task<Message> NewMessageAsync(
        AppDbContext db, int tenantId, Ticket ticket, Contact contact, OutgoingContent content, int? userId,
        Guid id, string? externalKey, string sendType, DateTime now, CancellationToken ct)
    {
        var body = content.Body;
        var mediaType = MediaTypes.FromUrl(content.MediaUrl);
        if (content.TemplateId is { } templateId)
        {
            var template = await db.Templates.AsNoTracking().SingleAsync(t => t.Id == templateId, ct);
            body = Template.Render(template.Body, content.TemplateParams ?? []);
            mediaType = "template";
        }
        return new Message
        {
            Id = id,
            TenantId = tenantId, TicketId = ticket.Id, ContactId = contact.Id, UserId = userId, Body = body,
            MediaUrl = content.MediaUrl, MediaType = mediaType, FromMe = true, Ack = Acks.Pending, Status = "pending",
            ExternalKey = externalKey, SendType = sendType, TemplateId = content.TemplateId,
            TemplateParams = [.. content.TemplateParams ?? []], CreatedAt = now, UpdatedAt = now,
        };
    }

    /// <param name="apiKeyId">The management API key that acted, named in each line's detail (it has no user id).</param>
    private static IEnumerable<TicketEvent> History(int tenantId, Ticket ticket, RoutingDecision decision, int? apiConfigId, int? apiKeyId, DateTime now)
    {
        foreach (var eventName in decision.Events)
        {
            var (kind, detail) = eventName switch
            {
                EventNames.NewTicket => ("Created", apiConfigId is { } id ? $"apiConfig:{id}" : ""),
                EventNames.TransferOfTicket => ("Transferred", $"department:{ticket.DepartmentId} user:{ticket.UserId}"),
                EventNames.StartedTicket => ("Started", $"user:{ticket.UserId}"),
                EventNames.FinishedTicket => ("Closed", ticket.ClosingReasonId is { } r ? $"closingReason:{r}" : ""),
                _ => (null, ""),
            };
            if (apiKeyId is { } key) detail = $"{detail} {ApiKeyRef(key)}".TrimStart();
            if (kind is not null)
                yield return new TicketEvent { TenantId = tenantId, TicketId = ticket.Id, Kind = kind, Detail = detail, UserId = decision.MessageUserId, ApiConfigId = apiConfigId, CreatedAt = now };
        }
    }

    private static string ApiKeyRef(int apiKeyId) => $"apiKey:{apiKeyId.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
