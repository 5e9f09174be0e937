using Microsoft.AspNetCore.Identity;

namespace FlowAdmin.Data.Entities;

/// <summary>
/// A person who signs in: an Administrator or an Agent of exactly one tenant.
/// Numeric ids because the push API's <c>userId</c> is a number.
/// </summary>
public sealed class AppUser : IdentityUser<int>
{
    public int TenantId { get; set; }
    public Tenant? Tenant { get; set; }
    public string Name { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
    /// <summary>The departments whose tickets this user may handle.</summary>
    public List<Department> Departments { get; set; } = [];
}

public static class Roles
{
    public const string Administrator = "Administrator";
    public const string Agent = "Agent";
    public static readonly string[] All = [Administrator, Agent];
}
