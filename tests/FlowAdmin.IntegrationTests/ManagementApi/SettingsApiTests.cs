using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.IntegrationTests.Settings;
using FlowAdmin.Web.Features.ApiKeys;

namespace FlowAdmin.IntegrationTests.ManagementApi;

/// <summary>One app for the settings resources' tests; each test makes its own tenants.</summary>
public sealed class SettingsApiApp : IAsyncLifetime
{
    public FlowAdminApp App { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// Channels, users, closing reasons, templates and contacts over <c>/api/v1</c>, as a tenant's script would use them:
/// create, read back, change, refusals naming the field, read-only keys refused on changes, another tenant's ids not found.
/// </summary>
public sealed class SettingsApiTests(SettingsApiApp fixture) : IClassFixture<SettingsApiApp>
{
    private FlowAdminApp App => fixture.App;

    private sealed record Clients(HttpClient Admin, HttpClient Reader, HttpClient Stranger) : IDisposable
    {
        public void Dispose()
        {
            Admin.Dispose();
            Reader.Dispose();
            Stranger.Dispose();
        }
    }

    private async Task<(Tenant Tenant, Clients Api)> TenantAsync(string name)
    {
        var tenant = await App.CreateTenantAsync(name);
        var other = await App.CreateTenantAsync(name + " Other");
        return (tenant, new Clients(
            await App.ApiClientAsync(tenant.Id), await App.ApiClientAsync(tenant.Id, ApiKeyScope.ReadOnly), await App.ApiClientAsync(other.Id)));
    }

    [Fact]
    public async Task Channels_are_managed_and_their_access_token_is_never_read_back()
    {
        var (_, api) = await TenantAsync("Api Channels");
        using var _ = api;
        const string token = "EAAGsecretTokenValue0123456789wxyz";

        var created = await api.Admin.PostJsonAsync("channels", new
        {
            name = "Linha Cloud", kind = "Waba", transport = "CloudApi", number = "5511900000010", status = ChannelStatuses.Connected,
            cloudApiPhoneNumberId = "109876543210", cloudApiAccessToken = token,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var createdText = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain(token, createdText);
        var id = (int)JsonNode.Parse(createdText)!["id"]!;
        Assert.EndsWith($"/api/v1/channels/{id}", created.Headers.Location!.ToString());

        var read = await api.Admin.GetStringAsync($"channels/{id}");
        Assert.DoesNotContain(token, read);
        var channel = JsonNode.Parse(read)!;
        Assert.Equal("Waba", (string)channel["kind"]!);
        Assert.Equal("CloudApi", (string)channel["transport"]!);
        Assert.EndsWith("wxyz", (string)channel["maskedAccessToken"]!);
        Assert.Null(channel["cloudApiAccessToken"]);
        Assert.DoesNotContain(token, await api.Admin.GetStringAsync("channels"));
        Assert.DoesNotContain(token, await api.Reader.GetStringAsync($"channels/{id}"));

        // An edit without a token keeps the stored one.
        channel["name"] = "Linha Cloud 2";
        var edited = await api.Admin.PutAsync($"channels/{id}", JsonContent.Create(channel));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal("Linha Cloud 2", (string)(await edited.JsonAsync())["name"]!);
        Assert.EndsWith("wxyz", (string)(await (await api.Admin.GetAsync($"channels/{id}")).JsonAsync())["maskedAccessToken"]!);

        var invalid = await api.Admin.PostJsonAsync("channels", new { name = "", number = "12", status = "BROKEN", transport = "CloudApi" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        var errors = (await invalid.JsonAsync())["errors"]!;
        foreach (var field in new[] { "name", "number", "status", "cloudApiPhoneNumberId", "cloudApiAccessToken" })
            Assert.True(errors[field] is not null, $"no error on {field}: {errors}");
        var badEnum = await api.Admin.PostJsonAsync("channels", new { name = "x", kind = "Fax", number = "5511900000011" });
        Assert.Equal(HttpStatusCode.BadRequest, badEnum.StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await api.Reader.PostJsonAsync("channels", new { name = "Linha R", number = "5511900000012" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Reader.PostAsync($"channels/{id}/deactivate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Stranger.GetAsync($"channels/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Stranger.PutAsync($"channels/{id}", JsonContent.Create(channel))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Stranger.DeleteAsync($"channels/{id}")).StatusCode);

        Assert.False((bool)(await (await api.Admin.PostAsync($"channels/{id}/deactivate", null)).JsonAsync())["isActive"]!);
        Assert.True((bool)(await (await api.Admin.PostAsync($"channels/{id}/activate", null)).JsonAsync())["isActive"]!);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin.DeleteAsync($"channels/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Admin.GetAsync($"channels/{id}")).StatusCode);
    }

    [Fact]
    public async Task Users_are_managed_without_ever_reading_a_password_back()
    {
        var (_, api) = await TenantAsync("Api Users");
        using var _ = api;
        var sales = (int)(await (await api.Admin.PostJsonAsync("departments", new { name = "Vendas", color = "#112233" })).JsonAsync())["id"]!;

        var created = await api.Admin.PostJsonAsync("users", new
        {
            name = "Ana Agente", email = "ana@api-users.test", role = Roles.Agent, password = FlowAdminApp.Password, departmentIds = new[] { sales },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var createdText = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain(FlowAdminApp.Password, createdText);
        var user = JsonNode.Parse(createdText)!;
        Assert.Null(user["password"]);
        var id = (int)user["id"]!;
        Assert.Equal([sales], user["departmentIds"]!.AsArray().Select(d => (int)d!));
        Assert.True((bool)user["isActive"]!);

        var page = await (await api.Reader.GetAsync("users?search=ana&pageSize=5")).JsonAsync();
        Assert.Equal(1, (int)page["total"]!);
        Assert.Equal(5, (int)page["pageSize"]!);
        Assert.Equal("Vendas", (string)page["items"]![0]!["departments"]![0]!);

        var promoted = await api.Admin.PutAsync($"users/{id}", JsonContent.Create(new
        {
            name = "Ana Admin", email = "ana@api-users.test", role = Roles.Administrator, departmentIds = Array.Empty<int>(),
        }));
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        var read = await (await api.Admin.GetAsync($"users/{id}")).JsonAsync();
        Assert.Equal(("Ana Admin", Roles.Administrator, 0), ((string)read["name"]!, (string)read["role"]!, read["departmentIds"]!.AsArray().Count));

        var invalid = await api.Admin.PostJsonAsync("users", new { name = "", email = "nope", role = "King", password = "short" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        var errors = (await invalid.JsonAsync())["errors"]!;
        foreach (var field in new[] { "name", "email", "role", "password" })
            Assert.True(errors[field] is not null, $"no error on {field}: {errors}");
        var taken = await api.Admin.PostJsonAsync("users", new { name = "Outra", email = "ana@api-users.test", role = Roles.Agent, password = FlowAdminApp.Password });
        Assert.NotNull((await taken.JsonAsync())["errors"]!["email"]);

        Assert.Equal(HttpStatusCode.Forbidden, (await api.Reader.PostAsync($"users/{id}/deactivate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Stranger.GetAsync($"users/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Stranger.PostAsync($"users/{id}/deactivate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Stranger.DeleteAsync($"users/{id}")).StatusCode);

        Assert.False((bool)(await (await api.Admin.PostAsync($"users/{id}/deactivate", null)).JsonAsync())["isActive"]!);
        Assert.True((bool)(await (await api.Admin.PostAsync($"users/{id}/activate", null)).JsonAsync())["isActive"]!);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin.DeleteAsync($"users/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Admin.GetAsync($"users/{id}")).StatusCode);
    }

    [Fact]
    public async Task Closing_reasons_are_managed_per_tenant()
    {
        var (_, api) = await TenantAsync("Api Reasons");
        using var _ = api;

        var created = await api.Admin.PostJsonAsync("closing-reasons", new { name = "Resolvido" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (int)(await created.JsonAsync())["id"]!;
        Assert.EndsWith($"/api/v1/closing-reasons/{id}", created.Headers.Location!.ToString());
        Assert.Equal("Resolvido", (string)(await (await api.Reader.GetAsync($"closing-reasons/{id}")).JsonAsync())["name"]!);

        var renamed = await api.Admin.PutAsync($"closing-reasons/{id}", JsonContent.Create(new { name = "Resolvido pelo cliente", isActive = true }));
        Assert.Equal("Resolvido pelo cliente", (string)(await renamed.JsonAsync())["name"]!);
        var duplicate = await api.Admin.PostJsonAsync("closing-reasons", new { name = "resolvido pelo CLIENTE" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, duplicate.StatusCode);
        Assert.NotNull((await duplicate.JsonAsync())["errors"]!["name"]);
        Assert.NotNull((await (await api.Admin.PostJsonAsync("closing-reasons", new { name = "" })).JsonAsync())["errors"]!["name"]);

        Assert.Equal(HttpStatusCode.Forbidden, (await api.Reader.PostJsonAsync("closing-reasons", new { name = "Outro" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Stranger.GetAsync($"closing-reasons/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Stranger.PutAsync($"closing-reasons/{id}", JsonContent.Create(new { name = "" }))).StatusCode);
        Assert.Equal(0, (int)(await (await api.Stranger.GetAsync("closing-reasons")).JsonAsync())["total"]!);

        Assert.False((bool)(await (await api.Admin.PostAsync($"closing-reasons/{id}/deactivate", null)).JsonAsync())["isActive"]!);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin.DeleteAsync($"closing-reasons/{id}")).StatusCode);
    }

    [Fact]
    public async Task Templates_belong_to_a_WABA_channel_and_count_their_variables()
    {
        var (_, api) = await TenantAsync("Api Templates");
        using var _ = api;
        var waba = (int)(await (await api.Admin.PostJsonAsync("channels", new { name = "WABA", kind = "Waba", number = "5511900000020" })).JsonAsync())["id"]!;
        var whatsapp = (int)(await (await api.Admin.PostJsonAsync("channels", new { name = "Linha", kind = "Whatsapp", number = "5511900000021" })).JsonAsync())["id"]!;

        var created = await api.Admin.PostJsonAsync("templates", new
        {
            channelId = waba, name = "pedido_enviado", language = "pt_BR", category = "UTILITY", body = "Olá {{1}}, seu pedido {{2}} foi enviado.",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var row = await created.JsonAsync();
        var id = (int)row["id"]!;
        Assert.Equal(2, (int)row["variableCount"]!);
        Assert.Equal("WABA", (string)row["channelName"]!);

        var edited = await api.Admin.PutAsync($"templates/{id}", JsonContent.Create(new
        {
            channelId = waba, name = "pedido_enviado", language = "pt_BR", category = "UTILITY", body = "Olá {{1}}.",
        }));
        Assert.Equal(1, (int)(await edited.JsonAsync())["variableCount"]!);
        Assert.Equal("Olá {{1}}.", (string)(await (await api.Reader.GetAsync($"templates/{id}")).JsonAsync())["body"]!);

        var invalid = await api.Admin.PostJsonAsync("templates", new { channelId = whatsapp, name = "", language = "??", category = "SPAM", body = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        var errors = (await invalid.JsonAsync())["errors"]!;
        foreach (var field in new[] { "channelId", "name", "language", "category", "body" })
            Assert.True(errors[field] is not null, $"no error on {field}: {errors}");

        Assert.Equal(HttpStatusCode.Forbidden, (await api.Reader.DeleteAsync($"templates/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Stranger.GetAsync($"templates/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Stranger.PutAsync($"templates/{id}", JsonContent.Create(new
        {
            channelId = waba, name = "pedido_enviado", language = "pt_BR", category = "UTILITY", body = "Olá {{1}}.",
        }))).StatusCode);
        // Another tenant cannot put a template on this tenant's channel: the channel is simply not there.
        var foreign = await api.Stranger.PostJsonAsync("templates", new { channelId = waba, name = "x", language = "pt_BR", category = "UTILITY", body = "Oi" });
        Assert.NotNull((await foreign.JsonAsync())["errors"]!["channelId"]);

        Assert.False((bool)(await (await api.Admin.PostAsync($"templates/{id}/deactivate", null)).JsonAsync())["isActive"]!);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin.DeleteAsync($"templates/{id}")).StatusCode);
    }

    [Fact]
    public async Task Contacts_are_read_by_number_or_search_within_the_tenant_only()
    {
        var (tenant, api) = await TenantAsync("Api Contacts");
        using var _ = api;
        var (maria, joao) = await App.WithTenantAsync(tenant.Id, async db =>
        {
            var m = new Contact { Number = "5511988880001", Name = "Maria Souza", Email = "maria@cliente.test", Tags = ["vip"], CustomFields = new() { ["plano"] = "ouro" } };
            var j = new Contact { Number = "5511988880002", Name = "João Lima" };
            db.Contacts.AddRange(m, j);
            await db.SaveChangesAsync();
            return (m.Id, j.Id);
        });

        var byNumber = await (await api.Reader.GetAsync("contacts?number=5511988880002")).JsonAsync();
        Assert.Equal(1, (int)byNumber["total"]!);
        Assert.Equal(joao, (int)byNumber["items"]![0]!["id"]!);
        var bySearch = await (await api.Admin.GetAsync("contacts?search=souza")).JsonAsync();
        Assert.Equal(maria, (int)Assert.Single(bySearch["items"]!.AsArray())!["id"]!);
        Assert.Equal(2, (int)(await (await api.Admin.GetAsync("contacts?sort=name&desc=true")).JsonAsync())["total"]!);

        var detail = await (await api.Reader.GetAsync($"contacts/{maria}")).JsonAsync();
        Assert.Equal(("Maria Souza", "5511988880001", "vip", "ouro"),
            ((string)detail["name"]!, (string)detail["number"]!, (string)detail["tags"]![0]!, (string)detail["customFields"]!["plano"]!));
        Assert.Empty(detail["tickets"]!.AsArray());

        Assert.Equal(HttpStatusCode.NotFound, (await api.Stranger.GetAsync($"contacts/{maria}")).StatusCode);
        Assert.Equal(0, (int)(await (await api.Stranger.GetAsync("contacts?number=5511988880001")).JsonAsync())["total"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Admin.GetAsync("contacts/999999")).StatusCode);
    }
}
