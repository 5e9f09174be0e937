using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Common;
using FlowAdmin.Web.Routing;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FlowAdmin.Web.Features.Tickets;

/// <summary>
/// The Atendimentos screens: tabs with counts, filters, a ticket's thread and history, and the manual actions.
/// Reads go through the tenant-filtered context (another tenant's ticket id is not found); every action goes
/// through <see cref="TicketRouter.ActAsync"/>, the routing engine the push API uses, so it places the ticket and
/// emits events exactly as a push would.
/// </summary>
public sealed class TicketService(
    IDbContextFactory<AppDbContext> factory, TicketRouter router,
    IValidator<CloseTicketInput> closeValidator, IValidator<TransferTicketInput> transferValidator, IValidator<TicketNoteInput> noteValidator,
    IStringLocalizer<TicketsText> t)
{
    public async Task<PagedResult<TicketRow>> ListAsync(TicketQuery query, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var tickets = Filtered(db, query.Filter).Where(x => x.Status == query.Tab);
        var total = await tickets.CountAsync(ct);
        var me = query.CurrentUserId ?? 0;
        // The agent's own tickets first in Ativos: what they must answer now is on top of the first page.
        var ordered = query.Tab == TicketStatus.Open && query.CurrentUserId is not null
            ? tickets.OrderByDescending(x => x.UserId == me)
            : tickets.OrderBy(x => x.Status);
        ordered = (query.SortBy, query.Descending) switch
        {
            (nameof(TicketRow.Id), false) => ordered.ThenBy(x => x.Id),
            (nameof(TicketRow.Id), true) => ordered.ThenByDescending(x => x.Id),
            (nameof(TicketRow.ContactName), false) => ordered.ThenBy(x => x.Contact!.Name),
            (nameof(TicketRow.ContactName), true) => ordered.ThenByDescending(x => x.Contact!.Name),
            (nameof(TicketRow.UpdatedAt), false) => ordered.ThenBy(x => x.UpdatedAt),
            _ => ordered.ThenByDescending(x => x.UpdatedAt),
        };
        var pageSize = Math.Clamp(query.PageSize, 1, PagedQuery.MaxPageSize);
        var items = await ordered.ThenByDescending(x => x.Id)
            .Skip(Math.Max(query.Page, 0) * pageSize).Take(pageSize)
            .Select(x => new TicketRow(
                x.Id, x.Contact!.Name, x.Contact.Number, x.Channel!.Name,
                x.Department != null ? x.Department.Name : null, x.Department != null ? x.Department.Color : null,
                x.UserId, x.User != null ? x.User.Name : null, x.ClosingReason != null ? x.ClosingReason.Name : null,
                x.LastMessage, x.LastMessageAt, x.UpdatedAt, x.IsCreatedAtApi, x.UserId == me))
            .ToListAsync(ct);
        return new PagedResult<TicketRow>(items, total);
    }

    public async Task<TicketCounts> CountsAsync(TicketFilter filter, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var counts = await Filtered(db, filter).GroupBy(x => x.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Of(TicketStatus status) => counts.Where(c => c.Status == status).Sum(c => c.Count);
        return new TicketCounts(Of(TicketStatus.Pending), Of(TicketStatus.Open), Of(TicketStatus.Closed));
    }

    /// <summary>Everything the filters can pick, inactive records included (old tickets still refer to them).</summary>
    public async Task<TicketFilterOptions> FilterOptionsAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return new TicketFilterOptions(
            await db.Departments.AsNoTracking().OrderBy(d => d.Name).Select(d => new TicketOption(d.Id, d.Name)).ToListAsync(ct),
            await db.TenantUsers.AsNoTracking().OrderBy(u => u.Name).Select(u => new TicketOption(u.Id, u.Name)).ToListAsync(ct),
            await db.Channels.AsNoTracking().OrderBy(c => c.Name).Select(c => new TicketOption(c.Id, c.Name)).ToListAsync(ct));
    }

    public async Task<IReadOnlyList<TicketOption>> ClosingReasonOptionsAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.ClosingReasons.AsNoTracking().Where(r => r.IsActive).OrderBy(r => r.Name)
            .Select(r => new TicketOption(r.Id, r.Name)).ToListAsync(ct);
    }

    /// <summary>The active departments and users a ticket can be transferred to.</summary>
    public async Task<(IReadOnlyList<TicketOption> Departments, IReadOnlyList<TicketUserOption> Users)> TransferOptionsAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var departments = await db.Departments.AsNoTracking().Where(d => d.IsActive).OrderBy(d => d.Name)
            .Select(d => new TicketOption(d.Id, d.Name)).ToListAsync(ct);
        var users = await db.TenantUsers.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.Name)
            .Select(u => new TicketUserOption(u.Id, u.Name, u.Departments.Select(d => d.Id).ToList())).ToListAsync(ct);
        return (departments, users);
    }

    /// <summary>The ticket with its thread and history, or null when the tenant has no such ticket.</summary>
    public async Task<TicketDetail?> GetAsync(int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var ticket = await db.Tickets.AsNoTracking().Where(x => x.Id == id)
            .Select(x => new
            {
                x.Id, x.Status, ContactName = x.Contact!.Name, ContactNumber = x.Contact.Number, ChannelName = x.Channel!.Name,
                DepartmentName = x.Department != null ? x.Department.Name : null, UserName = x.User != null ? x.User.Name : null,
                ClosingReasonName = x.ClosingReason != null ? x.ClosingReason.Name : null,
                ApiConfigName = db.ApiConfigs.Where(a => a.Id == x.ApiConfigId).Select(a => a.Name).FirstOrDefault(),
                x.CreatedAt, x.ClosedAt,
            })
            .SingleOrDefaultAsync(ct);
        if (ticket is null) return null;

        var messages = await db.Messages.AsNoTracking().Where(m => m.TicketId == id)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.IsNote).ToListAsync(ct);
        var events = await db.TicketEvents.AsNoTracking().Where(e => e.TicketId == id)
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToListAsync(ct);
        var history = events.Select(e => (Event: e, Refs: TicketEventDetail.Parse(e.Detail))).ToList();

        var names = await Names.LoadAsync(db,
            userIds: [.. messages.Select(m => m.UserId), .. history.Select(h => h.Event.UserId), .. history.Select(h => h.Refs.UserId)],
            departmentIds: [.. history.Select(h => h.Refs.DepartmentId)],
            reasonIds: [.. history.Select(h => h.Refs.ClosingReasonId)],
            apiConfigIds: [.. history.Select(h => h.Event.ApiConfigId ?? h.Refs.ApiConfigId)],
            templateIds: [.. messages.Select(m => m.TemplateId)],
            apiKeyIds: [.. history.Select(h => h.Refs.ApiKeyId)], ct);

        return new TicketDetail(
            ticket.Id, ticket.Status, ticket.ContactName, ticket.ContactNumber, ticket.ChannelName, ticket.DepartmentName,
            ticket.UserName, ticket.ClosingReasonName, ticket.ApiConfigName, ticket.CreatedAt, ticket.ClosedAt,
            [.. messages.Select(m => new ThreadMessage(
                m.Id, m.CreatedAt, m.Body, m.MediaUrl, m.MediaType, m.FromMe, m.IsNote, m.Ack, m.ExternalKey, m.SendType,
                Names.Of(names.Templates, m.TemplateId), m.TemplateParams, Names.Of(names.Users, m.UserId), m.ErrorReason))],
            [.. history.Select(h => new HistoryLine(
                h.Event.CreatedAt, h.Event.Kind, Names.Of(names.ApiConfigs, h.Event.ApiConfigId ?? h.Refs.ApiConfigId),
                Names.Of(names.Departments, h.Refs.DepartmentId), Names.Of(names.Users, h.Refs.UserId),
                Names.Of(names.Reasons, h.Refs.ClosingReasonId), ActorName(names, h.Event, h.Refs)))]);
    }

    /// <summary>The user who acted, or the management API key ("chave de API \"ERP\"") for a key's action.</summary>
    private string? ActorName(Names names, TicketEvent e, TicketEventDetail refs) =>
        Names.Of(names.Users, e.UserId) ?? (Names.Of(names.ApiKeys, refs.ApiKeyId) is { } key ? t["History.ApiKey", key].Value : null);

    public async Task CloseAsync(int ticketId, CloseTicketInput input, TicketActor actor, CancellationToken ct)
    {
        await EnsureVisibleAsync(ticketId, ct);
        await closeValidator.ValidateAndThrowAsync(input, ct);
        await ActAsync(new TicketActionRequest(ticketId, new TicketAction(TicketActionKind.Close, actor.UserId, ClosingReasonId: input.ClosingReasonId, ActorApiKeyId: actor.ApiKeyId)), ct);
    }

    public async Task TransferAsync(int ticketId, TransferTicketInput input, TicketActor actor, CancellationToken ct)
    {
        await EnsureVisibleAsync(ticketId, ct);
        await transferValidator.ValidateAndThrowAsync(input, ct);
        await ActAsync(new TicketActionRequest(ticketId,
            new TicketAction(TicketActionKind.Transfer, actor.UserId, DepartmentId: input.DepartmentId, UserId: input.UserId, ActorApiKeyId: actor.ApiKeyId)), ct);
    }

    public async Task AddNoteAsync(int ticketId, TicketNoteInput input, TicketActor actor, CancellationToken ct)
    {
        await EnsureVisibleAsync(ticketId, ct);
        await noteValidator.ValidateAndThrowAsync(input, ct);
        await ActAsync(new TicketActionRequest(ticketId, new TicketAction(TicketActionKind.Note, actor.UserId, ActorApiKeyId: actor.ApiKeyId), new OutgoingContent(input.Body.Trim())), ct);
    }

    // Not found before invalid: another tenant's ticket is missing, whatever the body names (its closing reason, say).
    private async Task EnsureVisibleAsync(int ticketId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!await db.Tickets.AnyAsync(t => t.Id == ticketId, ct)) throw Refuse.NotFound(nameof(Ticket), ticketId);
    }

    private async Task ActAsync(TicketActionRequest request, CancellationToken ct)
    {
        try
        {
            await router.ActAsync(request, ct);
        }
        catch (TicketActionRefusedException e)
        {
            // The state changed since the screen was drawn (closed meanwhile, already there): say so on the form.
            var field = e.Refusal switch
            {
                TicketActionRefusal.NoTarget or TicketActionRefusal.NothingToChange => nameof(TransferTicketInput.DepartmentId),
                _ => "",
            };
            throw Refuse.On(field, t[$"Refused.{e.Refusal}"]);
        }
    }

    private static IQueryable<Ticket> Filtered(AppDbContext db, TicketFilter filter)
    {
        var tickets = db.Tickets.AsNoTracking();
        if (filter.DepartmentId is { } departmentId) tickets = tickets.Where(x => x.DepartmentId == departmentId);
        if (filter.UserId is { } userId) tickets = tickets.Where(x => x.UserId == userId);
        if (filter.ChannelId is { } channelId) tickets = tickets.Where(x => x.ChannelId == channelId);
        // Numbers are stored as digits: "+55 (11) 9999" finds 55119999...
        var digits = new string([.. (filter.Number ?? "").Where(char.IsAsciiDigit)]);
        if (digits.Length > 0) tickets = tickets.Where(x => x.Contact!.Number.Contains(digits));
        return tickets;
    }
}
