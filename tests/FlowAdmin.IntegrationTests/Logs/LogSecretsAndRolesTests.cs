using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.IntegrationTests.Push;
using FlowAdmin.IntegrationTests.Settings;
using FlowAdmin.Web.Features.Logs;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.IntegrationTests.Logs;

/// <summary>What the detail and the CSV export reveal, to administrators and to agents, over real HTTP.</summary>
public sealed class LogSecretsAndRolesTests
{
    private static readonly ClaimsPrincipal Admin = As(Roles.Administrator);
    private static readonly ClaimsPrincipal Agent = As(Roles.Agent);

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Secrets_are_never_in_a_detail_or_an_export_and_agents_do_not_see_custom_header_values(string provider)
    {
        await using var app = new FlowAdminApp(provider);
        var kit = await PushKit.CreateAsync(app);
        var (_, url) = await kit.AddConfigAsync("ERP", kit.Whatsapp.Id);
        var token = url[(url.LastIndexOf('/') + 1)..];

        // The bearer form: the token travels in a header, with an API key and a custom header of the caller.
        using (var client = new HttpClient())
        using (var request = new HttpRequestMessage(HttpMethod.Post, new Uri(app.BaseAddress, "api/push")))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("X-Api-Key", "key-leak-1");
            request.Headers.Add("X-Trace-Note", "custom-value-1");
            request.Content = new StringContent(PushKit.TextExample.Replace("123456", "bearer-1"), Encoding.UTF8, "application/json");
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await PushKit.PostAsync(url, PushKit.TextExample.Replace("123456", "path-1"))).StatusCode);
        // A webhook attempt written by a careless sender, secrets in clear: the display masks them anyway.
        var hookId = await kit.DbAsync(async db =>
        {
            var entry = LogFilterTests.Hook(1, "NewTicket", true, 200, null, 99, 1, """{"event":"NewTicket"}""", DateTime.UtcNow);
            entry.RequestHeaders = """{"Content-Type":"application/json","webhook-id":"msg_1","Authorization":"Bearer whsec_leak-2","X-Signing-Secret":"leak-3","X-Tenant":"custom-value-2"}""";
            entry.ResponseHeaders = """{"Set-Cookie":"session=leak-4","Server":"receiver"}""";
            db.LogEntries.Add(entry);
            await db.SaveChangesAsync();
            return entry.Id;
        });
        string[] secrets = [token, "key-leak-1", "whsec_leak-2", "leak-3", "leak-4"];
        string[] custom = ["custom-value-1", "custom-value-2"];

        var ids = await kit.DbAsync(db => db.LogEntries.OrderBy(e => e.Id).Select(e => e.Id).ToListAsync());
        Assert.Equal(3, ids.Count);
        foreach (var id in ids)
        {
            var asAdmin = await app.AsTenantAsync<LogService, LogDetail?>(kit.Tenant.Id, s => s.GetDetailAsync(id, Admin, default));
            var asAgent = await app.AsTenantAsync<LogService, LogDetail?>(kit.Tenant.Id, s => s.GetDetailAsync(id, Agent, default));
            var adminText = asAdmin!.ToString();
            var agentText = asAgent!.ToString();
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, adminText);
                Assert.DoesNotContain(secret, agentText);
            }
            foreach (var value in custom) Assert.DoesNotContain(value, agentText);
            Assert.Contains("application/json", agentText); // standard headers stay readable
        }
        var bearer = await app.AsTenantAsync<LogService, LogDetail?>(kit.Tenant.Id, s => s.GetDetailAsync(ids[0], Admin, default));
        Assert.Contains("\"Authorization\":\"***\"", bearer!.RequestHeaders);
        Assert.Contains("custom-value-1", bearer.RequestHeaders); // administrators see the caller's own custom headers
        var hook = await app.AsTenantAsync<LogService, LogDetail?>(kit.Tenant.Id, s => s.GetDetailAsync(hookId, Admin, default));
        Assert.Contains("\"webhook-id\":\"msg_1\"", hook!.RequestHeaders);
        Assert.Contains("\"X-Signing-Secret\":\"***\"", hook.RequestHeaders);

        // The export, over HTTP, as the agent and as the administrator.
        await app.CreateUserAsync(kit.Tenant.Id, "agent2@acme.test", Roles.Agent);
        foreach (var email in new[] { "agent2@acme.test", FlowAdminApp.AdminEmail("Acme") })
        {
            using var user = await app.SignInAsync(email);
            var response = await user.GetAsync("logs/export.csv");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
            var csv = await response.Content.ReadAsStringAsync();
            Assert.Contains("bearer-1", csv);
            Assert.Contains("path-1", csv);
            Assert.Contains("NewTicket", csv);
            foreach (var secret in secrets.Concat(custom)) Assert.DoesNotContain(secret, csv);
            Assert.Equal(4, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task An_agent_reaches_the_logs_but_no_admin_action_nor_another_tenants_entries_through_crafted_requests(string provider)
    {
        await using var app = new FlowAdminApp(provider);
        var kit = await PushKit.CreateAsync(app);
        var other = await PushKit.CreateAsync(app, "Other");
        var (otherConfigId, otherUrl) = await other.AddConfigAsync("Rival", other.Whatsapp.Id);
        Assert.Equal(HttpStatusCode.OK, (await PushKit.PostAsync(otherUrl, PushKit.TextExample.Replace("123456", "rival-key"))).StatusCode);
        var otherLogId = await other.DbAsync(db => db.LogEntries.Select(e => e.Id).SingleAsync());

        using var agent = await app.SignInAsync(kit.Agent.Email!);
        var logsPage = await agent.GetAsync("logs?type=push&status=success");
        var logsHtml = await logsPage.Content.ReadAsStringAsync();
        Assert.True(logsPage.StatusCode == HttpStatusCode.OK, logsHtml);
        Assert.DoesNotContain("data-testid=\"forbidden\"", logsHtml);
        Assert.Contains("data-testid=\"log-filters\"", logsHtml);
        // The administrator screens (config actions, the push URLs with their tokens, the Logs tab there) answer 403.
        foreach (var path in new[] { "settings/api-webhook", "settings/api-webhook?tab=logs", "settings/users", "settings/channels" })
            Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync(path)).StatusCode);

        // Another tenant's config id or key in a crafted export: nothing but the header line.
        var crafted = await agent.GetStringAsync($"logs/export.csv?config=api-{otherConfigId}&from=2000-01-01T00:00:00Z");
        Assert.Single(crafted.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("rival-key", await agent.GetStringAsync("logs/export.csv?externalKey=rival-key"));
        Assert.Null(await app.AsTenantAsync<LogService, LogDetail?>(kit.Tenant.Id, s => s.GetDetailAsync(otherLogId, Admin, default)));

        // A bad filter is refused with the field's name; nobody signed in gets no CSV at all.
        var bad = await agent.GetAsync("logs/export.csv?status=6xx");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"status\"", await bad.Content.ReadAsStringAsync());
        var anonymous = await app.NewBrowserLikeClient().GetAsync("logs/export.csv");
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.NotEqual("text/csv", anonymous.Content.Headers.ContentType?.MediaType);
    }

    private static ClaimsPrincipal As(string role) => new(new ClaimsIdentity([new Claim(ClaimTypes.Role, role)], "test"));
}
