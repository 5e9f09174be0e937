using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Webhooks;
using Microsoft.AspNetCore.DataProtection;

namespace FlowAdmin.Tests.Outbound;

public sealed class WebhookSecretsTests
{
    private readonly WebhookSecrets _secrets = new(new EphemeralDataProtectionProvider());

    [Fact]
    public void A_new_secret_is_whsec_and_base64_of_32_random_bytes()
    {
        var secret = WebhookSecrets.NewSecret();
        Assert.StartsWith("whsec_", secret);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.NotEqual(secret, WebhookSecrets.NewSecret());
    }

    [Fact]
    public void After_a_rotation_both_secrets_sign_for_24_hours_then_only_the_new_one()
    {
        var webhook = new Webhook { Name = "w", Url = "https://example.com/h" };
        var now = new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
        var first = _secrets.Rotate(webhook, now);
        Assert.DoesNotContain(first, webhook.SecretProtected); // encrypted at rest

        var second = _secrets.Rotate(webhook, now);

        Assert.Equal([second, first], _secrets.SigningSecrets(webhook, now.AddHours(23)));
        Assert.Equal([second], _secrets.SigningSecrets(webhook, now.AddHours(24)));
    }

    [Fact]
    public void Custom_headers_round_trip_encrypted()
    {
        var webhook = new Webhook { Name = "w", Url = "https://example.com/h" };
        webhook.CustomHeadersProtected = _secrets.ProtectHeaders(new Dictionary<string, string> { ["Authorization"] = "Bearer abc" });

        Assert.DoesNotContain("abc", webhook.CustomHeadersProtected);
        Assert.Equal("Bearer abc", _secrets.Headers(webhook)["Authorization"]);
    }
}
