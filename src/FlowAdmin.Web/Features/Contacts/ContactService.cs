using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Common;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Web.Features.Contacts;

/// <summary>
/// Reads the current tenant's contacts through the tenant-filtered context (another tenant's id is not found).
/// Contacts are written only by the routing engine (a push or an inbound message creates them).
/// </summary>
public sealed class ContactService(IDbContextFactory<AppDbContext> factory)
{
    private static readonly SortColumns<Contact> Sorts = new SortColumns<Contact>(nameof(ContactRow.Id))
        .Add(nameof(ContactRow.Id), x => x.Id)
        .Add(nameof(ContactRow.Number), x => x.Number)
        .Add(nameof(ContactRow.Name), x => x.Name)
        .Add(nameof(ContactRow.Email), x => x.Email)
        .Add(nameof(ContactRow.CreatedAt), x => x.CreatedAt)
        .Add(nameof(ContactRow.UpdatedAt), x => x.UpdatedAt);

    /// <summary>A contact's detail lists its latest tickets; the tickets list filters by number for the rest.</summary>
    public const int MaxTickets = 50;

    /// <param name="number">Only the contact with exactly this number (digits), as a push would address it.</param>
    public async Task<PagedResult<ContactRow>> ListAsync(PagedQuery query, string? number, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var contacts = db.Contacts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(number))
        {
            var exact = number.Trim();
            contacts = contacts.Where(x => x.Number == exact);
        }
        return await contacts
            .Search(query.Search, x => x.Id, x => x.Name, x => x.Number, x => x.Email)
            .ToPagedResultAsync(query, Sorts, x => new ContactRow(x.Id, x.Number, x.Name, x.Email, x.PushName, x.Tags, x.CreatedAt, x.UpdatedAt), ct);
    }

    public async Task<ContactDetail?> GetAsync(int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var contact = await db.Contacts.AsNoTracking().Include(x => x.LeadStatus).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (contact is null) return null;
        var tickets = await db.Tickets.AsNoTracking().Where(x => x.ContactId == id)
            .OrderByDescending(x => x.UpdatedAt).ThenByDescending(x => x.Id)
            .Take(MaxTickets)
            .Select(x => new ContactTicket(x.Id, x.Status, x.ChannelId, x.DepartmentId, x.UserId, x.UpdatedAt))
            .ToListAsync(ct);
        return new ContactDetail(
            contact.Id, contact.Number, contact.Name, contact.Email, contact.PushName, contact.Tags, contact.CustomFields,
            contact.LeadStatus?.Status, tickets, contact.CreatedAt, contact.UpdatedAt);
    }
}
