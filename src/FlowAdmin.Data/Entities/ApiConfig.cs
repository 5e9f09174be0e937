namespace FlowAdmin.Data.Entities;

/// <summary>What happens to a new (or reopened) ticket after a push is sent.</summary>
public enum PostSendAction { Close, KeepOpen, RedirectToDepartment, RedirectToUser }

/// <summary>An API (push) config: the tokenized URL a tenant's system posts messages to.</summary>
public sealed class ApiConfig : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public required string Name { get; set; }
    public int ChannelId { get; set; }
    public Channel? Channel { get; set; }
    public PostSendAction Action { get; set; } = PostSendAction.KeepOpen;
    public int? ActionDepartmentId { get; set; }
    public int? ActionUserId { get; set; }
    /// <summary>SHA-256 of the token: how a push finds its config.</summary>
    public byte[] TokenHash { get; set; } = [];
    /// <summary>The clear token encrypted with Data Protection, only so the URL can be shown again.</summary>
    public string TokenProtected { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}
