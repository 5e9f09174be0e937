namespace FlowAdmin.Data.Entities;

public enum ChannelKind { Whatsapp, Waba }

/// <summary>How a channel really sends: the built-in Sandbox, or the WhatsApp Cloud (Graph) API.</summary>
public enum ChannelTransport { Sandbox, CloudApi }

/// <summary>A WhatsApp line of the tenant ("conexão", "Enviar por").</summary>
public sealed class Channel : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public required string Name { get; set; }
    public ChannelKind Kind { get; set; }
    public ChannelTransport Transport { get; set; }
    /// <summary>The line's own number, digits only.</summary>
    public string Number { get; set; } = "";
    /// <summary>CONNECTED, DISCONNECTED, OPENING, ... (changes raise ConnectionStatusUpdate).</summary>
    public string Status { get; set; } = ChannelStatuses.Disconnected;
    public int? DefaultDepartmentId { get; set; }
    public Department? DefaultDepartment { get; set; }
    public bool IsActive { get; set; } = true;
    public bool IsDefault { get; set; }
    /// <summary>Cloud API base URL; null means Meta's default.</summary>
    public string? CloudApiBaseUrl { get; set; }
    public string? CloudApiPhoneNumberId { get; set; }
    /// <summary>Cloud API access token, encrypted with ASP.NET Core Data Protection.</summary>
    public string? CloudApiAccessTokenProtected { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}

public static class ChannelStatuses
{
    public const string Connected = "CONNECTED";
    public const string Disconnected = "DISCONNECTED";
    public const string Opening = "OPENING";
    public const string Pairing = "PAIRING";
    public const string Timeout = "TIMEOUT";
    public static readonly string[] All = [Connected, Disconnected, Opening, Pairing, Timeout];
}
