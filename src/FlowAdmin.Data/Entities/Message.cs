namespace FlowAdmin.Data.Entities;

/// <summary>Delivery state as WhatsApp reports it.</summary>
public static class Acks
{
    public const int Error = -1, Pending = 0, Sent = 1, Delivered = 2, Read = 3, Played = 4;
}

public sealed class Message : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public int TenantId { get; set; }
    public int TicketId { get; set; }
    public int ContactId { get; set; }
    public int? UserId { get; set; }
    public string Body { get; set; } = "";
    public string? MediaUrl { get; set; }
    public string? MediaName { get; set; }
    /// <summary>chat, image, video, audio, document or template.</summary>
    public string MediaType { get; set; } = "chat";
    public bool FromMe { get; set; }
    public int Ack { get; set; }
    /// <summary>sent, pending, error... as the payloads show it.</summary>
    public string Status { get; set; } = "pending";
    /// <summary>Internal note: visible to agents only, never sent.</summary>
    public bool IsNote { get; set; }
    public string? ExternalKey { get; set; }
    /// <summary>api, chat, bot...</summary>
    public string SendType { get; set; } = "chat";
    /// <summary>The transport's own message id (WhatsApp's).</summary>
    public string? TransportMessageId { get; set; }
    public int? TemplateId { get; set; }
    public List<string> TemplateParams { get; set; } = [];
    public string? ErrorReason { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}
