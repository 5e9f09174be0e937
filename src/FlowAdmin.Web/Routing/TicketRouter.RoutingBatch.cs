using System.Text.Json.Nodes;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Events;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Web.Routing;

public sealed partial class TicketRouter
{
    // What routing a send changes on an existing ticket (Place and ContentAsync set them).
    private static readonly string[] RoutedTicketColumns =
    [
        nameof(Ticket.Status), nameof(Ticket.DepartmentId), nameof(Ticket.UserId), nameof(Ticket.ClosingReasonId),
        nameof(Ticket.StartedAttendanceAt), nameof(Ticket.ClosedAt), nameof(Ticket.UpdatedAt), nameof(Ticket.Version),
        nameof(Ticket.LastMessage), nameof(Ticket.LastMessageAt), nameof(Ticket.Answered),
    ];

    /// <summary>
    /// What one batch transaction has read, untracked: its channels, its contacts by number (null: no such
    /// contact yet) and each contact's ticket per channel that is not closed (null: none), kept current as
    /// requests are routed; and what it has still to write: the tickets it changed (each with the Version
    /// the database holds, which their UPDATE checks), messages, history lines and events.
    /// </summary>
    private sealed class RoutingBatch
    {
        private readonly Dictionary<int, Channel> _channels;
        private readonly Dictionary<string, Contact?> _contacts;
        private readonly Dictionary<(int ContactId, int ChannelId), Ticket?> _tickets;
        private readonly Dictionary<int, Guid> _storedVersions;
        private readonly Dictionary<int, Ticket> _changed = [];
        private readonly Dictionary<int, AppUser?> _users = [];

        private RoutingBatch(Dictionary<int, Channel> channels, Dictionary<string, Contact?> contacts, Dictionary<(int, int), Ticket?> tickets, Dictionary<int, Guid> storedVersions)
        {
            _channels = channels;
            _contacts = contacts;
            _tickets = tickets;
            _storedVersions = storedVersions;
        }

        public List<Message> Messages { get; } = [];
        public List<TicketEvent> History { get; } = [];
        public List<(int TenantId, string Event, JsonObject Payload)> Events { get; } = [];

        public static async Task<RoutingBatch> ReadAsync(AppDbContext db, IReadOnlyList<RouteRequest> requests, CancellationToken ct)
        {
            var channelIds = requests.Select(r => r.ChannelId).Distinct().ToList();
            var numbers = requests.Select(r => r.Number).Distinct().ToList();
            var channels = await db.Channels.AsNoTracking().Where(c => channelIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
            var found = await db.Contacts.AsNoTracking()
                .Include(c => c.LeadStatus).Include(c => c.Wallets).ThenInclude(w => w.Wallet)
                .Where(c => numbers.Contains(c.Number)).ToListAsync(ct);
            var contactIds = found.Select(c => c.Id).ToList();
            var open = await db.Tickets.AsNoTracking()
                .Where(t => contactIds.Contains(t.ContactId) && channelIds.Contains(t.ChannelId) && t.Status != TicketStatus.Closed)
                .ToListAsync(ct);

            var contacts = numbers.ToDictionary(n => n, _ => (Contact?)null);
            foreach (var contact in found) contacts[contact.Number] = contact;
            var tickets = new Dictionary<(int, int), Ticket?>();
            foreach (var request in requests)
                if (contacts[request.Number] is { } contact) tickets[(contact.Id, request.ChannelId)] = null;
            foreach (var ticket in open) tickets[(ticket.ContactId, ticket.ChannelId)] = ticket;
            return new RoutingBatch(channels, contacts, tickets, open.ToDictionary(t => t.Id, t => t.Version));
        }

        public Channel? Channel(int id) => _channels.GetValueOrDefault(id);

        public Contact? Contact(string number) => _contacts.GetValueOrDefault(number);

        /// <summary>The contact's ticket on the channel that is not closed, or null; read when the batch has not read it.</summary>
        public async Task<Ticket?> TicketAsync(AppDbContext db, int contactId, int channelId, CancellationToken ct)
        {
            if (_tickets.TryGetValue((contactId, channelId), out var known)) return known;
            var ticket = await db.Tickets.AsNoTracking()
                .SingleOrDefaultAsync(t => t.ContactId == contactId && t.ChannelId == channelId && t.Status != TicketStatus.Closed, ct);
            if (ticket is not null) _storedVersions[ticket.Id] = ticket.Version;
            return _tickets[(contactId, channelId)] = ticket;
        }

        public async Task<AppUser?> UserAsync(AppDbContext db, int userId, CancellationToken ct)
        {
            if (!_users.TryGetValue(userId, out var user))
                _users[userId] = user = await db.TenantUsers.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);
            return user;
        }

        /// <summary>The ticket was placed anew: to be written, or just <paramref name="written"/> as it is now (a new one).</summary>
        public void Changed(Ticket ticket, bool written)
        {
            if (!written)
            {
                _changed[ticket.Id] = ticket;
                return;
            }
            _storedVersions[ticket.Id] = ticket.Version;
            _changed.Remove(ticket.Id);
        }

        /// <summary>After a request: its contact exists now, and its ticket is the one to reuse unless it was closed.</summary>
        public void Routed(Contact contact, int channelId, Ticket ticket)
        {
            _contacts[contact.Number] = contact;
            _tickets[(contact.Id, channelId)] = ticket.Status == TicketStatus.Closed ? null : ticket;
        }

        /// <summary>Writes the changed tickets now if one of them is the contact's on that channel.</summary>
        public async Task WriteTicketsAsync(AppDbContext db, int contactId, int channelId, CancellationToken ct)
        {
            if (_changed.Values.Any(t => t.ContactId == contactId && t.ChannelId == channelId)) await WriteTicketsAsync(db, ct);
        }

        /// <summary>Everything routed since the last write, in the caller's transaction: tickets first, so a lost race fails before the inserts.</summary>
        public async Task WriteAsync(AppDbContext db, CancellationToken ct)
        {
            await WriteTicketsAsync(db, ct);
            await RowWriter.InsertWithKeysAsync(db, Messages, ct);
            await RowWriter.InsertAsync(db, History, ct);
            await EventOutbox.WriteAsync(db, Events, ct);
            Messages.Clear();
            History.Clear();
            Events.Clear();
        }

        private async Task WriteTicketsAsync(AppDbContext db, CancellationToken ct)
        {
            var rows = _changed.Values.Select(t => (t, (object)_storedVersions[t.Id])).ToList();
            await RowWriter.UpdateCheckedAsync(db, rows, RoutedTicketColumns, nameof(Ticket.Version), ct);
            foreach (var ticket in _changed.Values) _storedVersions[ticket.Id] = ticket.Version;
            _changed.Clear();
        }
    }
}
