namespace FlowAdmin.Data.Entities;

/// <summary>The three tabs of the agent screen: Pendentes, Ativos, Fechados.</summary>
public enum TicketStatus { Pending, Open, Closed }

/// <summary>A conversation ("atendimento") of one contact on one channel.</summary>
public sealed class Ticket : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public int ContactId { get; set; }
    public Contact? Contact { get; set; }
    public int ChannelId { get; set; }
    public Channel? Channel { get; set; }
    public TicketStatus Status { get; set; } = TicketStatus.Pending;
    public int? DepartmentId { get; set; }
    public Department? Department { get; set; }
    public int? UserId { get; set; }
    public AppUser? User { get; set; }
    public int? ClosingReasonId { get; set; }
    public ClosingReason? ClosingReason { get; set; }
    public bool IsCreatedAtApi { get; set; }
    public int? ApiConfigId { get; set; }
    public string? LastMessage { get; set; }
    public DateTime? LastMessageAt { get; set; }
    public DateTime? StartedAttendanceAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public int UnreadMessages { get; set; }
    public bool Answered { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
    /// <summary>App-managed optimistic concurrency token (portable across providers, unlike rowversion).</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
}
