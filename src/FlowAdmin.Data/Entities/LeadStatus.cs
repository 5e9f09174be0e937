namespace FlowAdmin.Data.Entities;

public sealed class LeadStatus : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public required string Status { get; set; }
    public string Color { get; set; } = "#0000d6";
    public bool IsActive { get; set; } = true;
    public int? UserId { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}
