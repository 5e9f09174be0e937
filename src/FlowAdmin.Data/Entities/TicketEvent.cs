namespace FlowAdmin.Data.Entities;

/// <summary>One line of a ticket's history: created by API config X, transferred, closed with reason Y.</summary>
public sealed class TicketEvent : ITenantOwned
{
    public long Id { get; set; }
    public int TenantId { get; set; }
    public int TicketId { get; set; }
    /// <summary>Created, Transferred, Started, Closed, Reopened...</summary>
    public required string Kind { get; set; }
    public string Detail { get; set; } = "";
    public int? UserId { get; set; }
    public int? ApiConfigId { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}
