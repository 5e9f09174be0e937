using System.Security.Claims;
using System.Text.Json.Nodes;
using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.IntegrationTests.Push;
using FlowAdmin.Web.Features.Webhooks;
using FlowAdmin.Web.Tenancy;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace FlowAdmin.IntegrationTests.Webhooks;

/// <summary>Webhooks for a <see cref="PushKit"/> tenant, made through WebhookSecrets as the Webhook tab does.</summary>
public static class WebhookKit
{
    /// <summary>Fast retries and polls, Sandbox acks 100 ms apart, loopback receivers allowed.</summary>
    public static Dictionary<string, string?> FastSettings(bool allowPrivate = true) => new()
    {
        ["FlowAdmin:Outbound:AllowPrivateTargets"] = allowPrivate ? "true" : "false",
        ["FlowAdmin:Webhooks:RetrySchedule"] = "00:00:00.200, 00:00:00.200, 00:00:00.200",
        ["FlowAdmin:Webhooks:Jitter"] = "0",
        ["FlowAdmin:Webhooks:PollInterval"] = "00:00:00.100",
        ["FlowAdmin:Push:Sandbox:AckDelayMs"] = "100",
    };

    public sealed record Created(int Id, string Secret);

    public static async Task<Created> AddAsync(PushKit kit, string name, string url, string[] events, IReadOnlyDictionary<string, string>? headers = null)
    {
        var secrets = kit.App.Services.GetRequiredService<WebhookSecrets>();
        var secret = WebhookSecrets.NewSecret();
        var id = await kit.DbAsync(async db =>
        {
            var webhook = new Webhook
            {
                Name = name, Url = url, Events = [.. events],
                SecretProtected = secrets.Protect(secret), CustomHeadersProtected = secrets.ProtectHeaders(headers),
            };
            db.Webhooks.Add(webhook);
            await db.SaveChangesAsync();
            return webhook.Id;
        });
        return new Created(id, secret);
    }

    /// <summary>Runs the delivery service as a signed-in user of the tenant with <paramref name="role"/>.</summary>
    public static async Task<T> AsUserAsync<T>(PushKit kit, string role, Func<WebhookDeliveryService, Task<T>> work)
    {
        await using var scope = kit.App.Services.CreateAsyncScope();
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "user"), new Claim(ClaimTypes.Role, role), new Claim(CurrentTenant.ClaimType, kit.Tenant.Id.ToString())], "Test"));
        var auth = (IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        auth.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return await work(scope.ServiceProvider.GetRequiredService<WebhookDeliveryService>());
    }

    // Objects whose keys are the tenant's own (custom fields): their content varies by contact.
    private static readonly HashSet<string> FreeForm = ["customFields"];

    /// <summary>Every key of <paramref name="expected"/> (the example, the source's shape) is in <paramref name="actual"/>, nested alike.</summary>
    public static void AssertSameShape(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        if (expected is JsonObject e)
        {
            if (actual is null) return; // an optional object (e.g. no user yet) is null in a real payload
            var a = Assert.IsType<JsonObject>(actual, exactMatch: false);
            Assert.True(e.Select(p => p.Key).Order().SequenceEqual(a.Select(p => p.Key).Order()),
                $"Keys differ at {path}: expected [{string.Join(",", e.Select(p => p.Key))}], got [{string.Join(",", a.Select(p => p.Key))}]");
            foreach (var (key, value) in e)
                if (!FreeForm.Contains(key)) AssertSameShape(value, a[key], $"{path}.{key}");
        }
        else if (expected is JsonArray { Count: > 0 } ea && actual is JsonArray { Count: > 0 } aa)
        {
            AssertSameShape(ea[0], aa[0], path + "[0]");
        }
    }
}
