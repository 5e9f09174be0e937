using System.Net;
using System.Text.Json.Nodes;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.Web.Features.Push;

namespace FlowAdmin.IntegrationTests.ManagementApi;

/// <summary>The OpenAPI document and its Scalar reference page, as a client developer reads them.</summary>
public sealed class OpenApiTests : IAsyncLifetime
{
    private readonly FlowAdminApp _app = new(settings: new Dictionary<string, string?> { ["FlowAdmin:Bench:BareEndpoint"] = "true" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_document_lists_the_api_with_a_bearer_scheme_and_the_push_route_with_the_sources_examples()
    {
        using var client = new HttpClient { BaseAddress = _app.BaseAddress };
        var response = await client.GetAsync("openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal("FlowAdmin API", (string)document["info"]!["title"]!);
        var paths = document["paths"]!.AsObject();
        foreach (var path in new[] { "/api/v1/departments", "/api/v1/api-configs/{id}/rotate-token", "/api/v1/webhooks/{id}/secret", "/api/v1/events", "/api/push/{token}", "/api/push" })
            Assert.True(paths.ContainsKey(path), path);
        // Only the HTTP API: no bench yardstick, no page form posts.
        Assert.All(paths.Select(p => p.Key), p => Assert.StartsWith("/api/", p));
        Assert.DoesNotContain(paths, p => p.Key.StartsWith("/api/bench", StringComparison.Ordinal));

        var scheme = document["components"]!["securitySchemes"]!["Bearer"]!;
        Assert.Equal(("http", "bearer"), ((string)scheme["type"]!, (string)scheme["scheme"]!));
        Assert.NotNull(paths["/api/v1/events"]!["get"]!["security"]![0]!["Bearer"]);
        Assert.NotNull(paths["/api/push"]!["post"]!["security"]![0]!["Bearer"]);
        Assert.Null(paths["/api/push/{token}"]!["post"]!["security"]);
        Assert.False(string.IsNullOrEmpty((string?)paths["/api/v1/webhooks/{id}/test"]!["post"]!["summary"]));

        var push = paths["/api/push/{token}"]!["post"]!;
        var body = push["requestBody"]!["content"]!["application/json"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(PushExamples.Text), body["examples"]!["text"]!["value"]));
        Assert.Equal("uuid-template", (string)body["examples"]!["waba"]!["value"]!["templateId"]!);
        Assert.NotNull(body["schema"]);
        Assert.Equal("Message add queue", (string)push["responses"]!["200"]!["content"]!["application/json"]!["example"]!["message"]!);
    }

    [Fact]
    public async Task The_scalar_reference_page_answers_html()
    {
        using var client = new HttpClient { BaseAddress = _app.BaseAddress };
        var response = await client.GetAsync("scalar");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("FlowAdmin API", await response.Content.ReadAsStringAsync());
    }
}
