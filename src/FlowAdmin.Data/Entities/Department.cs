namespace FlowAdmin.Data.Entities;

/// <summary>A queue of tickets ("fila", "departamento"; <c>queueId</c> in the push API).</summary>
public sealed class Department : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public required string Name { get; set; }
    public string Color { get; set; } = "#1976d2";
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
    public List<AppUser> Users { get; set; } = [];
}
