using System.Diagnostics;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Web.Routing;

/// <summary>The push worker's path: many requests per transaction, through the same decision and writes as one.</summary>
public sealed partial class TicketRouter
{
    /// <summary>
    /// Routes several requests, in order, in a few transactions instead of one each. Each transaction
    /// reads the channels, contacts and open tickets of its requests in three queries, routes them
    /// against those rows (kept current as it goes), and saves once. It commits once it has run
    /// <paramref name="transactionBudget"/> and the next one begins, so on SQLite every other writer, the
    /// push intake first, waits at most that long. If a request fails, what was committed before it is
    /// kept and the exception propagates, so the caller can route the rest one by one with
    /// <see cref="RouteAsync"/> and its retries.
    /// </summary>
    public async Task RouteBatchAsync(
        IReadOnlyList<(RouteRequest Request, Func<AppDbContext, RouteResult, CancellationToken, Task>? Alongside)> items,
        TimeSpan transactionBudget, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        for (var next = 0; next < items.Count;)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var began = Stopwatch.GetTimestamp();
            var batch = await RoutingBatch.ReadAsync(db, items.Skip(next).Select(i => i.Request).ToList(), ct);
            do
            {
                await RouteCoreAsync(db, items[next].Request, items[next].Alongside, batch, ct);
                next++;
            }
            while (next < items.Count && Stopwatch.GetElapsedTime(began) <= transactionBudget);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            // The next transaction reads the rows again: another writer may have changed them in between.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// What one batch transaction has read: its channels, its contacts by number (null: no such contact
    /// yet) and each contact's ticket per channel that is not closed (null: none). Tracked, so routing
    /// changes them in place and the transaction's one SaveChanges writes them.
    /// </summary>
    private sealed class RoutingBatch
    {
        private readonly Dictionary<int, Channel> _channels;
        private readonly Dictionary<string, Contact?> _contacts;
        private readonly Dictionary<(int ContactId, int ChannelId), Ticket?> _tickets;

        private RoutingBatch(Dictionary<int, Channel> channels, Dictionary<string, Contact?> contacts, Dictionary<(int, int), Ticket?> tickets)
        {
            _channels = channels;
            _contacts = contacts;
            _tickets = tickets;
        }

        public static async Task<RoutingBatch> ReadAsync(AppDbContext db, IReadOnlyList<RouteRequest> requests, CancellationToken ct)
        {
            var channelIds = requests.Select(r => r.ChannelId).Distinct().ToList();
            var numbers = requests.Select(r => r.Number).Distinct().ToList();
            var channels = await db.Channels.Where(c => channelIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
            var found = await db.Contacts
                .Include(c => c.LeadStatus).Include(c => c.Wallets).ThenInclude(w => w.Wallet)
                .Where(c => numbers.Contains(c.Number)).ToListAsync(ct);
            var contactIds = found.Select(c => c.Id).ToList();
            var open = await db.Tickets
                .Where(t => contactIds.Contains(t.ContactId) && channelIds.Contains(t.ChannelId) && t.Status != TicketStatus.Closed)
                .ToListAsync(ct);

            var contacts = numbers.ToDictionary(n => n, _ => (Contact?)null);
            foreach (var contact in found) contacts[contact.Number] = contact;
            var tickets = new Dictionary<(int, int), Ticket?>();
            foreach (var request in requests)
                if (contacts[request.Number] is { } contact) tickets[(contact.Id, request.ChannelId)] = null;
            foreach (var ticket in open) tickets[(ticket.ContactId, ticket.ChannelId)] = ticket;
            return new RoutingBatch(channels, contacts, tickets);
        }

        public Channel? Channel(int id) => _channels.GetValueOrDefault(id);

        public Contact? Contact(string number) => _contacts.GetValueOrDefault(number);

        public bool TryGetTicket(int contactId, int channelId, out Ticket? ticket) => _tickets.TryGetValue((contactId, channelId), out ticket);

        /// <summary>After a request: its contact exists now, and its ticket is the one to reuse unless it was closed.</summary>
        public void Routed(Contact contact, int channelId, Ticket ticket)
        {
            _contacts[contact.Number] = contact;
            _tickets[(contact.Id, channelId)] = ticket.Status == TicketStatus.Closed ? null : ticket;
        }
    }
}
