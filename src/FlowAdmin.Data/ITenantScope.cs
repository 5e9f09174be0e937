namespace FlowAdmin.Data;

/// <summary>
/// The tenant the current operation works for: the signed-in user's, the push token's, or the one a
/// background job set. Null means "no tenant": tenant-owned queries then return nothing.
/// </summary>
public interface ITenantScope
{
    int? TenantId { get; }
}

/// <summary>A fixed tenant, for jobs, tests and tools that know whom they work for.</summary>
public sealed class FixedTenantScope(int? tenantId) : ITenantScope
{
    public int? TenantId { get; } = tenantId;
}
