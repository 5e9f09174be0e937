using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlowAdmin.Web.Features.Logs;

/// <summary>
/// Masks header values on display. Writers already mask secrets before storing an entry; this is the
/// second line of defence: credential-like headers are masked for everyone, and agents see the value
/// of standard headers only (a webhook's custom headers often carry the receiver's credentials).
/// </summary>
public static class LogMasking
{
    public const string Mask = "***";

    private static readonly string[] SecretWords = ["authorization", "cookie", "token", "secret", "password", "passwd", "apikey", "api-key", "x-api", "auth", "session", "credential"];

    /// <summary>Headers whose values say nothing secret; agents see only these.</summary>
    private static readonly HashSet<string> Standard = new(StringComparer.OrdinalIgnoreCase)
    {
        "Accept", "Accept-Encoding", "Accept-Language", "Cache-Control", "Connection", "Content-Encoding", "Content-Length",
        "Content-Type", "Date", "Expect", "Host", "Idempotency-Key", "Idempotent-Replayed", "Location", "Retry-After",
        "Server", "Transfer-Encoding", "User-Agent", "Vary", "traceparent", "tracestate", "webhook-id", "webhook-timestamp",
    };

    public static bool IsSecret(string name) =>
        !name.Equals("Idempotency-Key", StringComparison.OrdinalIgnoreCase)
        && SecretWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase));

    /// <summary>The headers JSON object with values masked for this viewer; anything unreadable becomes "{}".</summary>
    public static string Headers(string json, bool administrator)
    {
        JsonObject headers;
        try
        {
            headers = JsonNode.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return "{}";
        }
        var masked = new JsonObject();
        foreach (var (name, value) in headers)
        {
            var hide = IsSecret(name) || (!administrator && !Standard.Contains(name));
            masked[name] = hide ? Mask : value?.DeepClone();
        }
        return masked.ToJsonString();
    }
}
