using FlowAdmin.Data.Entities;

namespace FlowAdmin.Web.Features.Tickets;

/// <summary>The filters of the Atendimentos screen; they apply to the grid and to the tab counts alike.</summary>
public sealed record TicketFilter(int? DepartmentId = null, int? UserId = null, int? ChannelId = null, string? Number = null);

/// <summary>One page of one tab. <see cref="CurrentUserId"/>'s own tickets come first in Ativos.</summary>
public sealed record TicketQuery(
    TicketStatus Tab, TicketFilter Filter, int? CurrentUserId = null, string? SortBy = null, bool Descending = false, int Page = 0, int PageSize = 25);

public sealed record TicketRow(
    int Id, string ContactName, string ContactNumber, string ChannelName, string? DepartmentName, string? DepartmentColor,
    int? UserId, string? UserName, string? ClosingReasonName, string? LastMessage, DateTime? LastMessageAt, DateTime UpdatedAt,
    bool IsCreatedAtApi, bool IsMine);

/// <summary>How many tickets each tab holds under the current filters.</summary>
public sealed record TicketCounts(int Pending, int Open, int Closed)
{
    public int Of(TicketStatus tab) => tab switch { TicketStatus.Pending => Pending, TicketStatus.Open => Open, _ => Closed };
}

/// <summary>An id and a name, for the filters' and actions' selects.</summary>
public sealed record TicketOption(int Id, string Name);

/// <summary>A user a ticket can be transferred to, with the departments the user has access to.</summary>
public sealed record TicketUserOption(int Id, string Name, IReadOnlyList<int> DepartmentIds);

public sealed record TicketFilterOptions(IReadOnlyList<TicketOption> Departments, IReadOnlyList<TicketOption> Users, IReadOnlyList<TicketOption> Channels);

/// <summary>A ticket with its thread and history, as the ticket page shows it.</summary>
public sealed record TicketDetail(
    int Id, TicketStatus Status, string ContactName, string ContactNumber, string ChannelName, string? DepartmentName,
    string? UserName, string? ClosingReasonName, string? ApiConfigName, DateTime CreatedAt, DateTime? ClosedAt,
    IReadOnlyList<ThreadMessage> Messages, IReadOnlyList<HistoryLine> History);

/// <summary>A message of the thread: sent text, media, template send, or an internal note.</summary>
public sealed record ThreadMessage(
    Guid Id, DateTime CreatedAt, string Body, string? MediaUrl, string MediaType, bool FromMe, bool IsNote, int Ack,
    string? ExternalKey, string SendType, string? TemplateName, IReadOnlyList<string> TemplateParams, string? UserName, string? ErrorReason);

/// <summary>A line of the ticket's history, with the names its ids referred to (null when nothing is referred).</summary>
public sealed record HistoryLine(
    DateTime At, string Kind, string? ApiConfigName, string? DepartmentName, string? UserName, string? ClosingReasonName, string? ActorName);

public sealed class CloseTicketInput
{
    public int? ClosingReasonId { get; set; }
}

/// <summary>A transfer to a department (back to Pendentes), to a user (the user's Ativos), or to both.</summary>
public sealed class TransferTicketInput
{
    public int? DepartmentId { get; set; }
    public int? UserId { get; set; }
}

public sealed class TicketNoteInput
{
    public string Body { get; set; } = "";
}
