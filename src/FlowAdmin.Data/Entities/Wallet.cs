namespace FlowAdmin.Data.Entities;

/// <summary>A portfolio of contacts ("carteira").</summary>
public sealed class Wallet : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public required string Name { get; set; }
}

public sealed class ContactWallet : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public int ContactId { get; set; }
    public int WalletId { get; set; }
    public Wallet? Wallet { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}
