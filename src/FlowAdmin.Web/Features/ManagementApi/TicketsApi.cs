using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Common;
using FlowAdmin.Web.Features.Tickets;
using Microsoft.Extensions.Localization;

namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary>
/// <c>/api/v1/tickets</c>: the Atendimentos tabs with their filters, a ticket with its thread and history, and the
/// manual actions (close, transfer, internal note) through <see cref="TicketService"/>, i.e. the routing engine:
/// tickets move and events go out exactly as from the screens. An API key has no user: the history names the key.
/// </summary>
public static class TicketsApi
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", async (string? status, int? departmentId, int? userId, int? channelId, string? number,
            [AsParameters] ApiPageRequest paging, TicketService service, IStringLocalizer<TicketsText> t, CancellationToken ct) =>
        {
            var query = new TicketQuery(TabOf(status, t), new TicketFilter(departmentId, userId, channelId, number),
                SortBy: SortName(paging.Sort), Descending: paging.Desc ?? false, Page: paging.PageNumber - 1, PageSize: paging.Size);
            return paging.Of(await service.ListAsync(query, ct));
        }).WithSummary("Lists one tab's tickets (status=pending|open|closed, default pending) with the screen's filters.");

        group.MapGet("/{id:int}", async (int id, TicketService service, CancellationToken ct) =>
            await service.GetAsync(id, ct) ?? throw Refuse.NotFound(nameof(Ticket), id))
            .WithSummary("One ticket with its messages (internal notes included) and history.");

        group.MapPost("/{id:int}/close", (int id, CloseTicketInput input, HttpContext http, TicketService service, CancellationToken ct) =>
            ActAsync(id, service, s => s.CloseAsync(id, input, TicketActor.Of(http.User), ct), ct))
            .Writes().WithSummary("Closes the ticket with a closing reason (required while the account has any); emits FinishedTicket.");

        group.MapPost("/{id:int}/transfer", (int id, TransferTicketInput input, HttpContext http, TicketService service, CancellationToken ct) =>
            ActAsync(id, service, s => s.TransferAsync(id, input, TicketActor.Of(http.User), ct), ct))
            .Writes().WithSummary("Transfers the ticket to a department (back to pending), a user (open), or both.");

        group.MapPost("/{id:int}/notes", (int id, TicketNoteInput input, HttpContext http, TicketService service, CancellationToken ct) =>
            ActAsync(id, service, s => s.AddNoteAsync(id, input, TicketActor.Of(http.User), ct), ct))
            .Writes().WithSummary("Adds an internal note (never sent to the contact); returns the ticket.");
    }

    /// <summary>Runs the action, then answers the ticket as it is now.</summary>
    private static async Task<TicketDetail> ActAsync(int id, TicketService service, Func<TicketService, Task> action, CancellationToken ct)
    {
        await action(service);
        return await service.GetAsync(id, ct) ?? throw Refuse.NotFound(nameof(Ticket), id);
    }

    private static TicketStatus TabOf(string? status, IStringLocalizer<TicketsText> t) => status?.Trim().ToLowerInvariant() switch
    {
        null or "" or "pending" => TicketStatus.Pending,
        "open" => TicketStatus.Open,
        "closed" => TicketStatus.Closed,
        _ => throw Refuse.On("status", t["Api.StatusUnknown"]),
    };

    /// <summary>The API's camelCase field names ("updatedAt") as the service sorts them ("UpdatedAt").</summary>
    private static string? SortName(string? sort) =>
        string.IsNullOrEmpty(sort) ? null : char.ToUpperInvariant(sort[0]) + sort[1..];
}
