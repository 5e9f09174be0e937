using System.Security.Cryptography;
using System.Text.Json;
using FlowAdmin.Data.Entities;
using Microsoft.AspNetCore.DataProtection;

namespace FlowAdmin.Web.Features.Webhooks;

/// <summary>
/// A webhook's secrets at rest: its signing secret (whsec_ + base64 of random bytes, Standard Webhooks)
/// and its custom headers (e.g. an Authorization the receiver expects), both encrypted with ASP.NET Core
/// Data Protection (keys in the database). Clear values go only to the sender and to an administrator
/// who asks to see them; never to logs.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    public const string Purpose = "FlowAdmin.Webhook.Secrets";
    /// <summary>How long the previous secret keeps signing after a rotation.</summary>
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    /// <summary>A new signing secret: whsec_ + base64 of 32 random bytes (Standard Webhooks allows 24–64).</summary>
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string Protect(string clear) => _protector.Protect(clear);

    public string Unprotect(string protectedValue) => _protector.Unprotect(protectedValue);

    /// <summary>Gives the webhook a fresh secret; the old one keeps signing (both signatures sent) for 24 h.</summary>
    public string Rotate(Webhook webhook, DateTime now)
    {
        var secret = NewSecret();
        if (!string.IsNullOrEmpty(webhook.SecretProtected))
        {
            webhook.PreviousSecretProtected = webhook.SecretProtected;
            webhook.PreviousSecretExpiresAt = now + RotationOverlap;
        }
        webhook.SecretProtected = Protect(secret);
        return secret;
    }

    /// <summary>The secrets that sign a delivery at <paramref name="now"/>: the current one, then the previous while it overlaps.</summary>
    public IReadOnlyList<string> SigningSecrets(Webhook webhook, DateTime now)
    {
        var secrets = new List<string> { Unprotect(webhook.SecretProtected) };
        if (webhook.PreviousSecretProtected is { } previous && webhook.PreviousSecretExpiresAt > now)
            secrets.Add(Unprotect(previous));
        return secrets;
    }

    public string? ProtectHeaders(IReadOnlyDictionary<string, string>? headers) =>
        headers is null || headers.Count == 0 ? null : Protect(JsonSerializer.Serialize(headers));

    public IReadOnlyDictionary<string, string> Headers(Webhook webhook) =>
        string.IsNullOrEmpty(webhook.CustomHeadersProtected)
            ? new Dictionary<string, string>()
            : JsonSerializer.Deserialize<Dictionary<string, string>>(Unprotect(webhook.CustomHeadersProtected)) ?? [];

    /// <summary>What a screen or a log may show of a secret value: dots and nothing else.</summary>
    public const string Mask = "••••••••";
}
