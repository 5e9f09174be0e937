using System.Net;
using System.Text;
using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.IntegrationTests.Settings;
using FlowAdmin.Web.Features.ApiKeys;

namespace FlowAdmin.IntegrationTests.ManagementApi;

/// <summary>What every route of /api/v1 shares: keys, scopes, tenants, paging and problem details.</summary>
public sealed class ManagementApiBasicsTests : IAsyncLifetime
{
    private readonly FlowAdminApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_admin_key_creates_lists_and_edits_departments_of_its_own_tenant_only()
    {
        var a = await _app.CreateTenantAsync("Api A");
        var b = await _app.CreateTenantAsync("Api B");
        using var apiA = await _app.ApiClientAsync(a.Id);
        using var apiB = await _app.ApiClientAsync(b.Id);

        var created = await apiA.PostJsonAsync("departments", new { name = "Suporte", color = "#112233" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (int)(await created.JsonAsync())["id"]!;
        Assert.EndsWith($"/api/v1/departments/{id}", created.Headers.Location!.ToString());

        var page = await (await apiA.GetAsync("departments?search=supo&pageSize=10")).JsonAsync();
        Assert.Equal(1, (int)page["total"]!);
        Assert.Equal(10, (int)page["pageSize"]!);
        Assert.Equal("Suporte", (string)page["items"]![0]!["name"]!);

        var renamed = await apiA.PutAsync($"departments/{id}", Json(new { name = "Suporte N2", color = "#112233", isActive = true }));
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("Suporte N2", (string)(await renamed.JsonAsync())["name"]!);

        // Tenant B's key cannot see, change or delete tenant A's department: 404, as for an id that does not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await apiB.GetAsync($"departments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await apiB.PutAsync($"departments/{id}", Json(new { name = "x", color = "#000000" }))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await apiB.DeleteAsync($"departments/{id}")).StatusCode);
        Assert.Equal(0, (int)(await (await apiB.GetAsync("departments")).JsonAsync())["total"]!);

        var deactivated = await apiA.PostAsync($"departments/{id}/deactivate", null);
        Assert.False((bool)(await deactivated.JsonAsync())["isActive"]!);
        Assert.Equal(HttpStatusCode.NoContent, (await apiA.DeleteAsync($"departments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await apiA.GetAsync($"departments/{id}")).StatusCode);
    }

    [Fact]
    public async Task Refusals_are_problem_details_that_name_the_field()
    {
        var tenant = await _app.CreateTenantAsync("Api Problems");
        using var api = await _app.ApiClientAsync(tenant.Id);

        var invalid = await api.PostJsonAsync("departments", new { name = "", color = "blue" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType!.MediaType);
        var errors = (await invalid.JsonAsync())["errors"]!;
        Assert.NotNull(errors["name"]);
        Assert.NotNull(errors["color"]);

        var malformed = await api.PostAsync("departments", new StringContent("{\"name\": \"x\",, }", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("LineNumber", (string)(await malformed.JsonAsync())["detail"]!);

        var missing = await api.GetAsync("departments/999999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(404, (int)(await missing.JsonAsync())["status"]!);
    }

    [Fact]
    public async Task Missing_wrong_revoked_and_read_only_keys_are_refused()
    {
        var tenant = await _app.CreateTenantAsync("Api Keys");
        using var none = ApiKit.Client(_app, null);
        var anonymous = await none.GetAsync("departments");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(401, (int)(await anonymous.JsonAsync())["status"]!);
        using var wrong = ApiKit.Client(_app, ApiKeySecrets.NewKey());
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("departments")).StatusCode);

        using var reader = await _app.ApiClientAsync(tenant.Id, ApiKeyScope.ReadOnly);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("departments")).StatusCode);
        var write = await reader.PostJsonAsync("departments", new { name = "Vendas", color = "#112233" });
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(403, (int)(await write.JsonAsync())["status"]!);

        var created = await _app.AsTenantAsync<ApiKeyService, CreatedApiKey>(tenant.Id,
            s => s.CreateAsync(new ApiKeyInput { Name = "to revoke", Scope = ApiKeyScope.Admin }, CancellationToken.None));
        using var revoked = ApiKit.Client(_app, created.Secret);
        Assert.Equal(HttpStatusCode.OK, (await revoked.GetAsync("departments")).StatusCode);
        await _app.AsTenantAsync<ApiKeyService>(tenant.Id, s => s.RevokeAsync(created.Key.Id, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, (await revoked.GetAsync("departments")).StatusCode);

        var keys = await _app.AsTenantAsync<ApiKeyService, Web.Features.Common.PagedResult<ApiKeyRow>>(tenant.Id,
            s => s.ListAsync(new Web.Features.Common.PagedQuery(), CancellationToken.None));
        var listed = Assert.Single(keys.Items, k => k.Id == created.Key.Id);
        Assert.True(listed.IsRevoked);
        Assert.NotNull(listed.LastUsedAt);
        Assert.StartsWith("fak_", listed.Prefix);
        Assert.DoesNotContain(created.Secret, listed.Prefix);
    }

    [Fact]
    public async Task A_key_over_its_rate_limit_gets_429_with_retry_after()
    {
        await using var app = new FlowAdminApp(settings: new Dictionary<string, string?>
        {
            ["ManagementApi:PermitsPerSecond"] = "1",
            ["ManagementApi:Burst"] = "3",
        });
        var tenant = await app.CreateTenantAsync("Api Limit");
        using var api = await app.ApiClientAsync(tenant.Id);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++) statuses.Add((await api.GetAsync("departments")).StatusCode);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        var limited = await api.GetAsync("departments");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal(429, (int)(await limited.JsonAsync())["status"]!);
    }

    private static StringContent Json(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
}
