namespace FlowAdmin.Data.Entities;

/// <summary>A row that belongs to one tenant; AppDbContext filters every query of such rows by the current tenant.</summary>
public interface ITenantOwned
{
    int TenantId { get; set; }
}
