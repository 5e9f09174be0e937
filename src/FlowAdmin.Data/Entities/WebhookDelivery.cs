namespace FlowAdmin.Data.Entities;

public enum DeliveryStatus { Pending, Succeeded, Failed }

/// <summary>One (event, subscribed webhook) pair to deliver at least once.</summary>
public sealed class WebhookDelivery : ITenantOwned
{
    public long Id { get; set; }
    public int TenantId { get; set; }
    public int WebhookId { get; set; }
    public Webhook? Webhook { get; set; }
    public long PlatformEventId { get; set; }
    public PlatformEvent? PlatformEvent { get; set; }
    public required string Event { get; set; }
    /// <summary>The Standard Webhooks webhook-id: the same on every retry.</summary>
    public required string MessageId { get; set; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; } = DateTime.UtcNow;
    public DateTime? LastAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}
