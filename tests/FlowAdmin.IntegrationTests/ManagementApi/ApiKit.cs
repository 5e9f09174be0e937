using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.IntegrationTests.Settings;
using FlowAdmin.Web.Features.ApiKeys;

namespace FlowAdmin.IntegrationTests.ManagementApi;

/// <summary>Management API clients: a key created through the real service, sent as a bearer token over HTTP.</summary>
internal static class ApiKit
{
    public static async Task<HttpClient> ApiClientAsync(this FlowAdminApp app, int tenantId, ApiKeyScope scope = ApiKeyScope.Admin)
    {
        var created = await app.AsTenantAsync<ApiKeyService, CreatedApiKey>(tenantId,
            s => s.CreateAsync(new ApiKeyInput { Name = $"key {Guid.NewGuid():N}", Scope = scope }, CancellationToken.None));
        return Client(app, created.Secret);
    }

    public static HttpClient Client(FlowAdminApp app, string? key)
    {
        var client = new HttpClient { BaseAddress = new Uri(app.BaseAddress, "api/v1/") };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.PostAsJsonAsync(path, body, new JsonSerializerOptions(JsonSerializerDefaults.Web));
}
