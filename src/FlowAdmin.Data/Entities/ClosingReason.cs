namespace FlowAdmin.Data.Entities;

public sealed class ClosingReason : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public required string Name { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}
