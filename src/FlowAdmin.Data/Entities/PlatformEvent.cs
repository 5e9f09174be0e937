namespace FlowAdmin.Data.Entities;

/// <summary>
/// One event raised in the tenant (NewTicket, AckMessage...), written in the same transaction
/// as the change that raised it, with its payload already built.
/// </summary>
public sealed class PlatformEvent : ITenantOwned
{
    public long Id { get; set; }
    public int TenantId { get; set; }
    public required string Event { get; set; }
    public required string PayloadJson { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}
