namespace FlowAdmin.Data.Entities;

/// <summary>A URL subscribed to some of the ten platform events.</summary>
public sealed class Webhook : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public required string Name { get; set; }
    public required string Url { get; set; }
    /// <summary>Subscribed event names (NewContact, NewTicket...).</summary>
    public List<string> Events { get; set; } = [];
    public bool IsActive { get; set; } = true;
    /// <summary>whsec_... encrypted with Data Protection.</summary>
    public string SecretProtected { get; set; } = "";
    /// <summary>After a rotation the old secret still signs until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousSecretProtected { get; set; }
    public DateTime? PreviousSecretExpiresAt { get; set; }
    /// <summary>Custom headers as JSON, encrypted with Data Protection.</summary>
    public string? CustomHeadersProtected { get; set; }
    public DateTime? DisabledAt { get; set; }
    public string? DisabledReason { get; set; }
    /// <summary>Start of the current run of failed deliveries; null while healthy.</summary>
    public DateTime? FailingSince { get; set; }
    public DateTime? LastDeliveryAt { get; set; }
    public int? LastStatusCode { get; set; }
    public bool? LastSucceeded { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}
