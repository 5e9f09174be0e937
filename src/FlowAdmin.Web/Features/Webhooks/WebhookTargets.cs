using System.Collections.Concurrent;
using FlowAdmin.Data.Entities;

namespace FlowAdmin.Web.Features.Webhooks;

/// <summary>
/// Decrypted webhook targets, cached while the webhook's stored secrets, headers and URL stay the same (Data
/// Protection is too slow to run per delivery at thousands a second). A rotation or an edit changes the key.
/// </summary>
public sealed class WebhookTargets(WebhookSecrets secrets)
{
    private readonly ConcurrentDictionary<int, (string Key, WebhookTarget Target)> _cache = new();

    public WebhookTarget For(Webhook webhook, DateTime now)
    {
        var overlapping = webhook.PreviousSecretProtected is not null && webhook.PreviousSecretExpiresAt > now;
        var key = string.Join('\n', webhook.Name, webhook.Url, webhook.SecretProtected, overlapping ? webhook.PreviousSecretProtected : "", webhook.CustomHeadersProtected ?? "");
        if (_cache.TryGetValue(webhook.Id, out var cached) && cached.Key == key) return cached.Target;
        var target = new WebhookTarget(webhook.Id, webhook.TenantId, webhook.Name, webhook.Url,
            secrets.SigningSecrets(webhook, now), secrets.Headers(webhook));
        _cache[webhook.Id] = (key, target);
        return target;
    }
}
