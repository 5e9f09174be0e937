namespace FlowAdmin.Data.Entities;

/// <summary>A customer, identified by <see cref="Number"/> within a tenant.</summary>
public sealed class Contact : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    /// <summary>Digits only: country code + area code + number.</summary>
    public required string Number { get; set; }
    public string Name { get; set; } = "";
    public string Email { get; set; } = "";
    public string? ProfilePicUrl { get; set; }
    public string? PushName { get; set; }
    public List<string> Tags { get; set; } = [];
    /// <summary>Free-form extra info, kept as the JSON array the payloads carry.</summary>
    public string ExtraInfoJson { get; set; } = "[]";
    public Dictionary<string, string> CustomFields { get; set; } = [];
    public int? LeadStatusId { get; set; }
    public LeadStatus? LeadStatus { get; set; }
    public List<ContactWallet> Wallets { get; set; } = [];
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}
