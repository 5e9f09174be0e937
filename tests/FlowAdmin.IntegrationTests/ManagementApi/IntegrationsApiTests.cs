using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.IntegrationTests.Push;
using FlowAdmin.IntegrationTests.Webhooks;
using FlowAdmin.Web.Features.Events;
using FlowAdmin.Web.Features.Webhooks;
using Microsoft.EntityFrameworkCore;
using StandardWebhooks;

namespace FlowAdmin.IntegrationTests.ManagementApi;

/// <summary>One app for the class: fast webhook retries, loopback receivers allowed.</summary>
public sealed class IntegrationsApiFixture : IAsyncLifetime
{
    public FlowAdminApp App { get; } = new(settings: WebhookKit.FastSettings());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>/api/v1/api-configs, /webhooks and /events: the API &amp; Webhook page's work over HTTP, with its secrets kept.</summary>
public sealed class IntegrationsApiTests(IntegrationsApiFixture fixture) : IClassFixture<IntegrationsApiFixture>
{
    private FlowAdminApp App => fixture.App;

    [Fact]
    public async Task An_api_config_made_over_the_API_takes_the_sources_push_and_rotating_its_token_kills_the_old_URL()
    {
        var kit = await PushKit.CreateAsync(App, "IntConfigs");
        var rival = await PushKit.CreateAsync(App, "IntConfigsRival");
        using var api = await App.ApiClientAsync(kit.Tenant.Id);
        using var reader = await App.ApiClientAsync(kit.Tenant.Id, ApiKeyScope.ReadOnly);
        using var rivalApi = await App.ApiClientAsync(rival.Tenant.Id);

        var refused = await api.PostJsonAsync("api-configs", new { name = "", action = "RedirectToDepartment" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var errors = (await refused.JsonAsync())["errors"]!.AsObject();
        Assert.Equal(["channelId", "departmentId", "name"], errors.Select(e => e.Key).Order());

        var created = await api.PostJsonAsync("api-configs", new { name = "ERP", channelId = kit.Whatsapp.Id, action = "KeepOpen" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var config = await created.JsonAsync();
        var id = (int)config["id"]!;
        Assert.EndsWith($"/api/v1/api-configs/{id}", created.Headers.Location!.ToString());
        var url = (string)config["pushUrl"]!;
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/api/push/[A-Za-z0-9_-]{43}$", url);
        Assert.Equal("Linha 1", (string)config["channelName"]!);

        var pushed = await PushKit.PostAsync(url, PushKit.TextExample);
        Assert.Equal(HttpStatusCode.OK, pushed.StatusCode);
        Assert.Equal("Message add queue", (string)(await pushed.JsonAsync())["message"]!);

        var listed = await (await api.GetAsync("api-configs?search=ER")).JsonAsync();
        Assert.Equal(1, (int)listed["total"]!);
        Assert.Equal(url, (string)listed["items"]![0]!["pushUrl"]!);

        var moved = await api.PutAsJsonAsync($"api-configs/{id}", new { name = "ERP 2", channelId = kit.Whatsapp.Id, action = "RedirectToDepartment", departmentId = kit.Sales.Id });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var movedBody = await moved.JsonAsync();
        Assert.Equal(("ERP 2", kit.Sales.Id, "Vendas"), ((string)movedBody["name"]!, (int)movedBody["departmentId"]!, (string)movedBody["departmentName"]!));
        Assert.Equal(url, (string)movedBody["pushUrl"]!);

        // A read-only key sees the config, never its token; and it cannot rotate it.
        var seen = await (await reader.GetAsync($"api-configs/{id}")).JsonAsync();
        Assert.Equal("ERP 2", (string)seen["name"]!);
        Assert.Null(seen["pushUrl"]);
        var readerList = await reader.GetStringAsync("api-configs");
        Assert.DoesNotContain(url[(url.LastIndexOf('/') + 1)..], readerList);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync($"api-configs/{id}/rotate-token", null)).StatusCode);

        // Another tenant's key: as if it did not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await rivalApi.GetAsync($"api-configs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await rivalApi.PostAsync($"api-configs/{id}/rotate-token", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await rivalApi.DeleteAsync($"api-configs/{id}")).StatusCode);

        var rotated = await api.PostAsync($"api-configs/{id}/rotate-token", null);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var newUrl = (string)(await rotated.JsonAsync())["pushUrl"]!;
        Assert.NotEqual(url, newUrl);
        Assert.Equal(HttpStatusCode.NotFound, (await PushKit.PostAsync(url, PushKit.TextExample.Replace("123456", "old-url"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PushKit.PostAsync(newUrl, PushKit.TextExample.Replace("123456", "new-url"))).StatusCode);

        var paused = await (await api.PostAsync($"api-configs/{id}/deactivate", null)).JsonAsync();
        Assert.False((bool)paused["isActive"]!);
        await kit.AllPushesDoneAsync(2);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"api-configs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"api-configs/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_webhook_managed_over_the_API_sends_tests_signs_with_its_secret_recovers_and_keeps_header_values_hidden()
    {
        await using var receiver = await Receiver.StartAsync();
        var kit = await PushKit.CreateAsync(App, "IntHooks");
        var rival = await PushKit.CreateAsync(App, "IntHooksRival");
        using var api = await App.ApiClientAsync(kit.Tenant.Id);
        using var reader = await App.ApiClientAsync(kit.Tenant.Id, ApiKeyScope.ReadOnly);
        using var rivalApi = await App.ApiClientAsync(rival.Tenant.Id);
        const string headerValue = "k3y-value-never-shown";

        var refused = await api.PostJsonAsync("webhooks", new { name = "", url = "ftp://x", events = Array.Empty<string>(), headers = new[] { new { name = "X-Api-Key", value = "" } } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var errors = (await refused.JsonAsync())["errors"]!.AsObject();
        Assert.Equal(["events", "headers[0].value", "name", "url"], errors.Select(e => e.Key).Order());

        var created = await api.PostJsonAsync("webhooks", new
        {
            name = "CRM", url = receiver.Url("/hook"), events = new[] { EventNames.NewTicket }, isActive = true,
            headers = new[] { new { name = "X-Api-Key", value = headerValue } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var createdText = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain(headerValue, createdText);
        var id = (int)JsonNode.Parse(createdText)!["id"]!;

        // Read-only: the settings, not the secret nor the actions.
        var seenText = await reader.GetStringAsync($"webhooks/{id}");
        Assert.Equal("X-Api-Key", (string)JsonNode.Parse(seenText)!["headers"]![0]!["name"]!);
        Assert.DoesNotContain(headerValue, seenText);
        Assert.DoesNotContain("whsec_", seenText);
        Assert.Equal(1, (int)(await (await reader.GetAsync("webhooks")).JsonAsync())["total"]!);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync($"webhooks/{id}/secret")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync($"webhooks/{id}/rotate-secret", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync($"webhooks/{id}/test", null)).StatusCode);
        Assert.Empty(receiver.All);

        Assert.Equal(HttpStatusCode.NotFound, (await rivalApi.GetAsync($"webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await rivalApi.GetAsync($"webhooks/{id}/secret")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await rivalApi.PostAsync($"webhooks/{id}/test", null)).StatusCode);

        var secret = (string)(await (await api.GetAsync($"webhooks/{id}/secret")).JsonAsync())["secret"]!;
        Assert.StartsWith("whsec_", secret);

        var test = await api.PostAsync($"webhooks/{id}/test", null);
        Assert.Equal(HttpStatusCode.OK, test.StatusCode);
        var result = await test.JsonAsync();
        Assert.True((bool)result["success"]!);
        Assert.Equal(200, (int)result["status"]!);
        Assert.Equal("{\"ok\":true}", (string)result["body"]!);
        var first = Assert.Single(receiver.At("/hook"));
        Assert.Equal(EventNames.NewTicket, first.Event);
        Assert.Equal(headerValue, first.Header("X-Api-Key"));
        AssertSignedWith(secret, first);

        // The GET body sent back as it is keeps the stored header value; only the name changes.
        var detail = (await (await api.GetAsync($"webhooks/{id}")).JsonAsync()).AsObject();
        detail["name"] = "CRM 2";
        var saved = await api.PutAsync($"webhooks/{id}", new StringContent(detail.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal("CRM 2", (string)(await saved.JsonAsync())["name"]!);

        var rotated = await (await api.PostAsync($"webhooks/{id}/rotate-secret", null)).JsonAsync();
        var newSecret = (string)rotated["secret"]!;
        Assert.NotEqual(secret, newSecret);
        Assert.NotNull(rotated["previousValidUntil"]);
        Assert.Equal(newSecret, (string)(await (await api.GetAsync($"webhooks/{id}/secret")).JsonAsync())["secret"]!);
        Assert.True((bool)(await (await api.PostAsync($"webhooks/{id}/test?event={EventNames.NewMessage}", null)).JsonAsync())["success"]!);
        var second = receiver.At("/hook")[1];
        Assert.Equal((EventNames.NewMessage, headerValue), (second.Event, second.Header("X-Api-Key")));
        AssertSignedWith(newSecret, second);

        // A real event that fails every attempt, then "Recuperar falhas" over the API sends it again.
        receiver.Respond = (_, _) => Task.FromResult(500);
        var (_, url) = await kit.AddConfigAsync("ERP", kit.Whatsapp.Id);
        Assert.Equal(HttpStatusCode.OK, (await PushKit.PostAsync(url, PushKit.TextExample)).StatusCode);
        await kit.EventuallyAsync(db => db.WebhookDeliveries.Where(d => d.WebhookId == id).ToListAsync(), l => l.Count == 1 && l[0].Status == DeliveryStatus.Failed);
        receiver.Respond = (_, _) => Task.FromResult(200);
        var noSince = await api.PostJsonAsync($"webhooks/{id}/recover", new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noSince.StatusCode);
        Assert.NotNull((await noSince.JsonAsync())["errors"]!["since"]);
        var recovered = await api.PostJsonAsync($"webhooks/{id}/recover", new { since = DateTime.UtcNow.AddHours(-1) });
        Assert.Equal(1, (int)(await recovered.JsonAsync())["requeued"]!);
        await kit.EventuallyAsync(db => db.WebhookDeliveries.SingleAsync(d => d.WebhookId == id), d => d.Status == DeliveryStatus.Succeeded);

        // Disabled by the sender (as after a 410), re-enabled over the API.
        await kit.DbAsync(db => db.Webhooks.Where(w => w.Id == id).ExecuteUpdateAsync(s => s.SetProperty(w => w.DisabledAt, DateTime.UtcNow).SetProperty(w => w.DisabledReason, "410 Gone")));
        Assert.NotNull((await (await api.GetAsync($"webhooks/{id}")).JsonAsync())["disabledAt"]);
        var enabled = await (await api.PostAsync($"webhooks/{id}/enable", null)).JsonAsync();
        Assert.Null(enabled["disabledAt"]);
        Assert.Null(enabled["disabledReason"]);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"webhooks/{id}")).StatusCode);
    }

    [Fact]
    public async Task The_events_list_has_the_ten_events_with_the_dialogs_examples()
    {
        var tenant = await App.CreateTenantAsync("Int Events");
        using var reader = await App.ApiClientAsync(tenant.Id, ApiKeyScope.ReadOnly);

        var events = (await (await reader.GetAsync("events")).JsonAsync()).AsArray();
        Assert.Equal(EventNames.All, events.Select(e => (string)e!["name"]!));
        Assert.All(events, e => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(EventExamples.Json((string)e!["name"]!)), e["example"]), (string)e["name"]!));
        Assert.Equal("NewMessage", (string)(await (await reader.GetAsync("events/NewMessage")).JsonAsync())["example"]!["event"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("events/NoSuchEvent")).StatusCode);
    }

    // An independent Standard Webhooks verifier; it checks the first signature, the current secret's.
    private static void AssertSignedWith(string secret, Received received) =>
        new StandardWebhook(secret).Verify(received.Body, received.Headers);
}
