using System.Security.Cryptography;
using System.Text;

namespace FlowAdmin.Web.Features.Webhooks;

/// <summary>
/// Standard Webhooks signing: v1,base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")), the key
/// being the base64 after "whsec_". Several secrets (a rotation's overlap) give several signatures, space-separated.
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "whsec_";

    public static string Sign(IEnumerable<string> secrets, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        var head = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.");
        var content = new byte[head.Length + body.Length];
        head.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(head.Length));
        return string.Join(' ', secrets.Select(secret => "v1," + Convert.ToBase64String(HMACSHA256.HashData(Key(secret), content))));
    }

    public static byte[] Key(string secret) =>
        Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);
}
