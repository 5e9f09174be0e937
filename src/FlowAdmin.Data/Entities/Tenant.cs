namespace FlowAdmin.Data.Entities;

public sealed class Tenant
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}
