using FlowAdmin.Data.Entities;

namespace FlowAdmin.Web.Features.Contacts;

/// <summary>A contact as a list shows it; <see cref="Number"/> is the push API's <c>number</c>.</summary>
public sealed record ContactRow(
    int Id, string Number, string Name, string Email, string? PushName, IReadOnlyList<string> Tags, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>One contact with its custom fields, lead status and latest tickets (newest first, at most <see cref="ContactService.MaxTickets"/>).</summary>
public sealed record ContactDetail(
    int Id, string Number, string Name, string Email, string? PushName, IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, string> CustomFields, string? LeadStatus, IReadOnlyList<ContactTicket> Tickets,
    DateTime CreatedAt, DateTime UpdatedAt);

public sealed record ContactTicket(int Id, TicketStatus Status, int ChannelId, int? DepartmentId, int? UserId, DateTime UpdatedAt);
