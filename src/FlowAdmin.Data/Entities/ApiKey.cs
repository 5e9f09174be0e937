namespace FlowAdmin.Data.Entities;

/// <summary>What a management API key may do: everything the administrator screens do, or only read.</summary>
public enum ApiKeyScope { Admin, ReadOnly }

/// <summary>
/// A key for the management API (<c>/api/v1</c>), sent as <c>Authorization: Bearer</c>. Only its SHA-256 is
/// stored: the clear key is shown once, when it is created.
/// </summary>
public sealed class ApiKey : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public required string Name { get; set; }
    public ApiKeyScope Scope { get; set; } = ApiKeyScope.ReadOnly;
    public byte[] KeyHash { get; set; } = [];
    /// <summary>The key's first characters, so an administrator can tell keys apart without seeing them.</summary>
    public string Prefix { get; set; } = "";
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
