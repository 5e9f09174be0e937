namespace FlowAdmin.Data.Entities;

public enum LogType { Push, Webhook }

/// <summary>One push request or one webhook attempt: what was sent and what came back (secrets masked).</summary>
public sealed class LogEntry : ITenantOwned
{
    public long Id { get; set; }
    public int TenantId { get; set; }
    public LogType Type { get; set; }
    /// <summary>The API config's or webhook's name at the time.</summary>
    public string ConfigName { get; set; } = "";
    public int? ApiConfigId { get; set; }
    public int? WebhookId { get; set; }
    /// <summary>The event name; "Push" for a push request.</summary>
    public string Event { get; set; } = "";
    public bool Success { get; set; }
    public int? HttpStatus { get; set; }
    /// <summary>Network error or rejection reason, when there is one.</summary>
    public string? Error { get; set; }
    public string RequestHeaders { get; set; } = "{}";
    public string RequestBody { get; set; } = "";
    public string ResponseHeaders { get; set; } = "{}";
    public string ResponseBody { get; set; } = "";
    public string? ExternalKey { get; set; }
    public string? Number { get; set; }
    public int DurationMs { get; set; }
    public int? Attempt { get; set; }
    public long? DeliveryId { get; set; }
    public int? TicketId { get; set; }
    /// <summary>The queue row of an accepted push (a rejected one has none): its ticket, its send failure.</summary>
    public long? PushRequestId { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}
