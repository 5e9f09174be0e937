namespace FlowAdmin.Data.Entities;

/// <summary>Queued → Routed (ticket and messages written) → Done or Failed (sent or not by the transport).</summary>
public enum PushStatus { Queued, Routed, Done, Failed }

/// <summary>
/// The durable push queue (an outbox row): written in the request's transaction before the
/// endpoint answers, drained in order per (channel, contact) by the push worker.
/// </summary>
public sealed class PushRequest : ITenantOwned
{
    public long Id { get; set; }
    public int TenantId { get; set; }
    public int ApiConfigId { get; set; }
    public int ChannelId { get; set; }
    public required string Number { get; set; }
    public string? ExternalKey { get; set; }
    /// <summary>The validated request body, as JSON.</summary>
    public required string BodyJson { get; set; }
    public string? IdempotencyKey { get; set; }
    /// <summary>SHA-256 of the body, to tell a true repeat from a reused key.</summary>
    public byte[]? BodyHash { get; set; }
    public PushStatus Status { get; set; }
    public int Attempts { get; set; }
    public string? Error { get; set; }
    public int? TicketId { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime? ProcessedAt { get; set; }
}
