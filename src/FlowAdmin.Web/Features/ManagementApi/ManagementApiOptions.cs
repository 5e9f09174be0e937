namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary>The "ManagementApi" section: each API key's rate limit (a token bucket).</summary>
public sealed class ManagementApiOptions
{
    public const string Section = "ManagementApi";

    /// <summary>Requests per second each key may sustain.</summary>
    public int PermitsPerSecond { get; set; } = 50;

    /// <summary>Requests a key may make at once after a quiet spell.</summary>
    public int Burst { get; set; } = 200;
}
