namespace FlowAdmin.Web.Features.Transports;

/// <summary>The "FlowAdmin:Media" section: how a push's mediaUrl is fetched before it is sent.</summary>
public sealed class MediaOptions
{
    public const string Section = "FlowAdmin:Media";

    /// <summary>The whole fetch (connect, headers and, for the Sandbox, the body) must end within this.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Largest media accepted (16 MiB: WhatsApp's limit for video and audio; images allow 5, documents 100).</summary>
    public long MaxBytes { get; set; } = 16 * 1024 * 1024;
}

/// <summary>The "FlowAdmin:CloudApi" section: defaults of the WhatsApp Cloud API transport.</summary>
public sealed class CloudApiOptions
{
    public const string Section = "FlowAdmin:CloudApi";

    /// <summary>Used when a channel has no base URL of its own.</summary>
    public string BaseUrl { get; set; } = "https://graph.facebook.com";

    /// <summary>The Graph API version in the path: POST {base}/{version}/{phoneNumberId}/messages.</summary>
    public string ApiVersion { get; set; } = "v25.0";

    /// <summary>How long one Graph API call may take before the message is failed (ack -1).</summary>
    public int TimeoutSeconds { get; set; } = 30;
}
